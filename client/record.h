/*
 * record.h — a record family's fields, described once.
 *
 * A family that `ansinh <noun> add` creates and `ansinh import|export
 * <kind>` carries in CSV (households, members, needs, supports,
 * assessments) describes each field of its create request once, in a table
 * of struct record_field:
 *
 *   path      where the value goes in the create request's body, through
 *             the protobuf-c descriptors: "household.head_name" is
 *             HouseholdCreate.household.head_name
 *   flag      its flag on `<noun> add` ("head": --head), or NULL
 *   column    its CSV column ("head"), or NULL, and aliases, the other
 *             headers import takes ("chủ hộ|họ tên chủ hộ", compared folded)
 *   type      how a value is read, checked and written (below), with check
 *             (the rule, from check.h) and words (an enum's words)
 *   attrs     RECORD_REQUIRED: the flag must be given, and the column must
 *             be in the file and not empty; RECORD_PERSONAL: sensitive
 *             personal data, which `export --redact` leaves out
 *   help      one line, for the flag's --help and the column's
 *
 * The flags of `<noun> add` are made from the fields with a flag (cmd.c),
 * the columns of the kind from those with a column (kind.c), and both put
 * their values at the same path, so a flag and its column cannot drift
 * apart. What a family does beyond its fields (a natural key, a rule across
 * fields, a default of today) stays in its code. tests/unit/test_records.c
 * checks every path against the descriptors.
 *
 * Adding a family: its table, one struct record naming its create request,
 * `.record` on its add entry and on its kind.
 */
#ifndef ANSINH_RECORD_H
#define ANSINH_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ansinh.pb-c.h"

/* Most fields of a record. */
#define RECORD_MAX_FIELDS 32

enum record_type {
	RECORD_WARD,   /* the record's ward: --ward; on import the row's ward */
	RECORD_SELF,   /* the record's own id: new on add; on import the id
	                  column's, else derived from the natural key */
	RECORD_TEXT,   /* one line of text, checked by check */
	RECORD_NOTE,   /* free text, line breaks allowed, checked by check */
	RECORD_CODE,   /* a word checked by check (a code, a phone number, a
	                  citizen ID): import's messages quote it */
	RECORD_NUMBER, /* a whole number, checked by check */
	RECORD_VND,    /* an amount in VND, 0 to RULE_VND_MAX */
	RECORD_DATE,   /* a date, not in the future (import: D/M/YYYY too) */
	RECORD_BOOL,   /* yes or no: a switch on the command line */
	RECORD_WORD,   /* a word of words: an enum */
	RECORD_ID,     /* another record's id (a UUID) */
	RECORD_REF,    /* another record by its id (to id_path) or by its code
	                  or name (to path), checked by check */
	RECORD_FAMILY, /* read and written by the family's own code */
};

/* Attributes. */
#define RECORD_REQUIRED 0x1
#define RECORD_PERSONAL 0x2

/* A word import takes beside an enum's own (Vietnamese). */
struct record_word {
	const char *word;
	int value;
};

/* The words of an enum (proto/rules.h name tables). */
struct record_words {
	const char *(*name)(int value); /* NULL when the value has none */
	int (*parse)(const char *word); /* <= 0 when not a word of it */
	const char *(*list)(void);      /* "poor|near-poor|none" */
	/* Other words import takes, lists ended by {NULL}; NULL ended. */
	const struct record_word *local[3];
};

/* The words of the enum whose rules.h name table is names_<n> (name,
 * _parse, _list), with the lists of other words given. */
#define RECORD_WORDS(n, ...)                                                   \
	{                                                                      \
		names_##n, names_##n##_parse, names_##n##_list,                \
		{                                                              \
			__VA_ARGS__, NULL                                      \
		}                                                              \
	}

struct record_field {
	const char *path;
	const char *id_path; /* RECORD_REF: where an id goes */
	const char *flag;
	const char *column;
	const char *aliases;
	enum record_type type;
	unsigned attrs;
	const char *metavar; /* NULL: the type's ("YYYY-MM-DD"), or the words */
	const char *deflt;   /* the flag's default, shown in --help */
	const char *help;
	bool (*check)(const char *v, const char **why); /* NULL: the type's */
	const struct record_words *words;               /* RECORD_WORD */
};

/* The end of a table of fields: neither flag nor column. */
#define RECORD_FIELDS_END                                                      \
	{                                                                      \
		.path = NULL                                                   \
	}

/* The help of every --ward flag and ward column. */
#define RECORD_WARD_HELP                                                       \
	"the ward, e.g. AK (a ward token implies its own ward; district "      \
	"tokens need it)"

/* The ward of a record at path, as --ward and as the column "ward". */
#define RECORD_FIELD_WARD(p)                                                   \
	{                                                                      \
		.path = (p), .flag = "ward", .column = "ward",                 \
		.aliases = "phường|mã phường|ward_code", .type = RECORD_WARD,  \
		.help = RECORD_WARD_HELP,                                      \
	}

/* The household a record belongs to (r: the path's first part, "need"),
 * by id or code, as --household and the column "household"; more: other
 * headers after the usual ones ("" or "|hộ nhận"), h: the help. */
#define RECORD_FIELD_HOUSEHOLD(r, more, h)                                     \
	{                                                                      \
		.path = r ".household_code", .id_path = r ".household_id",     \
		.flag = "household", .column = "household",                    \
		.aliases = "mã hộ|household_code|hộ" more, .type = RECORD_REF, \
		.attrs = RECORD_REQUIRED, .metavar = "ID|CODE",                \
		.check = check_household_ref, .help = (h),                     \
	}

/* The record's own id at path, as the column "id". */
#define RECORD_FIELD_SELF(p, h)                                                \
	{                                                                      \
		.path = (p), .column = "id", .aliases = "",                    \
		.type = RECORD_SELF, .help = (h),                              \
	}

/* A record family: its create request and its fields. */
struct record {
	const char *name;                   /* "household" */
	Ansinh__V1__Request__BodyCase body; /* its create request's body */
	const struct record_field *fields;  /* RECORD_FIELDS_END ended */
};

size_t record_nfields(const struct record *r);
/* The index of the field at path, or -1. */
int record_field(const struct record *r, const char *path);
/* Whether f is the end of its table. */
bool record_field_end(const struct record_field *f);

/* The check of a value of f on the command line: f->check, else its
 * type's (check_ward, check_past_date, check_vnd, check_uuid), or NULL. */
bool (*record_check(const struct record_field *f))(const char *, const char **);
/* The metavar of f's flag: f->metavar, else its type's, or NULL (words). */
const char *record_metavar(const struct record_field *f);

/*
 * A new Request of that body (a record's create, a list's filters), every
 * field empty; built up with the record_put functions and freed with
 * record_request_free (everything in it is allocated:
 * ansinh__v1__request__free_unpacked frees it whole).
 */
Ansinh__V1__Request *
record_request_new(Ansinh__V1__Request__BodyCase body_case);
void record_request_free(Ansinh__V1__Request *req);

/*
 * Put a value at path (relative to the request's body), allocating the
 * messages on the way and setting the case of a oneof (proto3 optional).
 * Strings and bytes are copied. Integers go into any integer, enum or bool
 * field. False when path names no field of that kind (a bug: the unit test
 * checks every table).
 */
bool record_put_string(Ansinh__V1__Request *req, const char *path,
                       const char *s);
bool record_put_int(Ansinh__V1__Request *req, const char *path, int64_t v);
/* A checked command-line value at path, by the field's type: a string as
 * is, an integer parsed, bytes as the UUID it spells. */
bool record_put_text(Ansinh__V1__Request *req, const char *path,
                     const char *text);
bool record_put_bytes(Ansinh__V1__Request *req, const char *path,
                      const uint8_t *p, size_t len);

/* A path that names no field of the request is a bug in a table (the unit
 * test checks them): say so and abort. */
void record_missing(const char *path) __attribute__((noreturn));

/*
 * Read the value at path from a record's message m (path's first part names
 * the body's field that holds such a message — "household" of
 * "household.code" — and is skipped). NULL when there is none: an unset
 * oneof, a message not there, or a path m does not have. *fd is the field.
 */
const void *record_get(const ProtobufCMessage *m, const char *path,
                       const ProtobufCFieldDescriptor **fd);
/* The field at path ("head.name") of messages of d, through sub-messages;
 * NULL when there is none or a part of it is repeated. */
const ProtobufCFieldDescriptor *
record_path_field(const ProtobufCMessageDescriptor *d, const char *path);
/* record_get with a path of m's own fields ("ward_code", "head.name"). */
const void *record_get_in(const ProtobufCMessage *m, const char *path,
                          const ProtobufCFieldDescriptor **fd);
/* An integer, enum or bool field's value as record_get finds it. */
int64_t record_get_int(const void *member, const ProtobufCFieldDescriptor *fd);

/* Room for the text of one value (record_text). */
#define RECORD_TEXT_SIZE 40

/*
 * The value of f in m as CSV carries it, in the words import takes back:
 * text as it is, yes/no, an enum's word, a number ("" for 0), an amount in
 * digits ("" when a oneof holds none), an id ("" unless 16 bytes). The text
 * lives in m or in buf. "" for RECORD_FAMILY.
 */
const char *record_text(const struct record_field *f, const ProtobufCMessage *m,
                        char buf[RECORD_TEXT_SIZE]);

/*
 * Every path of r names a field of its body that its type can hold, every
 * field has a flag or a column, no two flags share a name: NULL, or the
 * first problem (static).
 */
const char *record_verify(const struct record *r);

#endif
