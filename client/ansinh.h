/*
 * ansinh.h — what every part of the client shares: its name and version, and
 * the exit codes (documented in man/ansinh.1; scripts rely on them).
 */
#ifndef ANSINH_CLIENT_H
#define ANSINH_CLIENT_H

/* The Makefile passes -DANSINH_VERSION from its VERSION. */
#ifndef ANSINH_VERSION
#define ANSINH_VERSION "0.1.0"
#endif
#define ANSINH_CLIENT_NAME      "ansinh/" ANSINH_VERSION
#define ANSINH_PROTOCOL_VERSION 1
#define ANSINH_DEFAULT_SERVER   "127.0.0.1:7420"
#define ANSINH_DEFAULT_PORT     "7420"

enum ansinh_exit {
	ANSINH_EXIT_OK = 0, /* done */
	ANSINH_EXIT_USAGE =
	    1, /* bad command line, value or local configuration */
	ANSINH_EXIT_REJECTED =
	    2, /* the daemon refused the request (or the token) */
	ANSINH_EXIT_QUEUED = 3, /* stored in the offline outbox (outbox.h) */
	ANSINH_EXIT_UNAVAILABLE = 4, /* no daemon, dropped, timed out,
	                                UNAVAILABLE, RESOURCE_EXHAUSTED */
	ANSINH_EXIT_PROTOCOL = 5,    /* the daemon's reply made no sense */
};

#endif
