/*
 * poverty.c — helpers shared by the poverty handlers (see poverty.h).
 */
#include "poverty.h"

#include <stdio.h>
#include <stdlib.h>

#include "rules.h"

bool
pov_check_household(struct violations *v, const char *prefix,
                    ProtobufCBinaryData id, const char *code)
{
	char f[96];
	const char *why = NULL;
	const char *dot = prefix[0] != '\0' ? "." : "";

	if (id.len != 0) {
		if (id.len == UUID_SIZE && !uuid_is_nil(id.data))
			return true;
		snprintf(f, sizeof f, "%s%shousehold_id", prefix, dot);
		viol_add(v, f, "must be a 16-byte UUID");
		return false;
	}
	snprintf(f, sizeof f, "%s%shousehold_code", prefix, dot);
	if (code == NULL || code[0] == '\0') {
		viol_add(v, f, "is required when no household_id is given");
		return false;
	}
	if (!rule_household_code(code, &why)) {
		viol_add(v, f, why);
		return false;
	}
	return true;
}

void
pov_param_household(struct db_job *job, ProtobufCBinaryData id,
                    const char *code)
{
	pov_param_id(job, id);
	db_job_param(job, id.len == UUID_SIZE ? NULL : pov_opt(code));
}

void
pov_param_id(struct db_job *job, ProtobufCBinaryData id)
{
	char text[UUID_STR_SIZE];

	if (id.len != UUID_SIZE) {
		db_job_param(job, NULL);
		return;
	}
	uuid_format(id.data, text);
	db_job_param(job, text);
}

const char *
pov_opt(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

void
pov_check_id(struct violations *v, const char *field, ProtobufCBinaryData id)
{
	if (id.len != UUID_SIZE || uuid_is_nil(id.data))
		viol_add(v, field, "must be a 16-byte UUID");
}

void
pov_check_text(struct violations *v, const char *field, const char *s,
               size_t max, bool multiline)
{
	const char *why = NULL;

	if (s != NULL && s[0] != '\0')
		viol_check(v, rule_text(s, max, false, multiline, &why), field,
		           why);
}

char *
pov_text(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col);
}

int64_t
pov_int(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

void
pov_uuid(const PGresult *res, int row, int col, uint8_t out[UUID_SIZE],
         ProtobufCBinaryData *bin)
{
	bin->data = NULL;
	bin->len = 0;
	if (PQgetisnull(res, row, col))
		return;
	if (request_uuid_bytes(PQgetvalue(res, row, col), out)) {
		bin->data = out;
		bin->len = UUID_SIZE;
	}
}

int
pov_word(const PGresult *res, int row, int col, int (*parse)(const char *))
{
	int v;

	if (PQgetisnull(res, row, col))
		return 0;
	v = parse(PQgetvalue(res, row, col));
	return v > 0 ? v : 0;
}

void *
pov_calloc(size_t n, size_t size)
{
	void *p = calloc(n + 1, size);

	if (p == NULL)
		abort();
	return p;
}
