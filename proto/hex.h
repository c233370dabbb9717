/*
 * hex.h — lower-case hexadecimal: the one encoder of both ends (digests,
 * token bytes, UUIDs).
 */
#ifndef ANSINH_HEX_H
#define ANSINH_HEX_H

#include <stddef.h>

/* Write the 2 * n hex digits of in[0..n) and a NUL into out, which has room
 * for 2 * n + 1 bytes. */
void hex_encode(const void *in, size_t n, char *out);

#endif
