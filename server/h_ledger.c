/*
 * h_ledger.c — helpers shared by the ledger's handlers (see h_ledger.h).
 */
#include "h_ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

const char *
ledger_opt(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

bool
ledger_check_id(struct violations *v, ProtobufCBinaryData id,
                const char *field, bool required)
{
	if (id.len == 0) {
		if (required)
			viol_add(v, field, "is required");
		return false;
	}
	if (id.len != UUID_SIZE || uuid_is_nil(id.data)) {
		viol_add(v, field, "must be a 16-byte UUID");
		return false;
	}
	return true;
}

void
ledger_check_household(struct violations *v, const char *prefix,
                       ProtobufCBinaryData id, const char *code,
                       bool required)
{
	char f[96];
	const char *why = NULL;

	if (id.len != 0) {
		snprintf(f, sizeof f, "%s.household_id", prefix);
		ledger_check_id(v, id, f, true);
		return;
	}
	snprintf(f, sizeof f, "%s.household_code", prefix);
	if (code == NULL || code[0] == '\0') {
		if (required)
			viol_add(v, f, "is required when no household_id is "
			               "given");
		return;
	}
	viol_check(v, rule_household_code(code, &why), f, why);
}

void
ledger_check_date(struct violations *v, const char *s, const char *field,
                  bool past)
{
	const char *why = NULL;

	if (s == NULL || s[0] == '\0')
		return;
	viol_check(v, past ? rule_past_date(s, &why) : rule_date(s, &why),
	           field, why);
}

uint32_t
ledger_check_limit(struct violations *v, uint32_t limit)
{
	if (limit > LEDGER_LIST_MAX)
		viol_add(v, "limit", "must be at most 10000");
	return limit != 0 ? limit : LEDGER_LIST_DEFAULT;
}

void
ledger_param_id(struct db_job *job, ProtobufCBinaryData id)
{
	char text[UUID_STR_SIZE];

	if (id.len != UUID_SIZE) {
		db_job_param(job, NULL);
		return;
	}
	uuid_format(id.data, text);
	db_job_param(job, text);
}

void
ledger_param_household(struct db_job *job, ProtobufCBinaryData id,
                       const char *code)
{
	ledger_param_id(job, id);
	db_job_param(job, id.len == UUID_SIZE ? NULL : ledger_opt(code));
}

void
ledger_id(ProtobufCBinaryData *out, uint8_t buf[UUID_SIZE],
          const PGresult *res, int row, int col)
{
	out->data = NULL;
	out->len = 0;
	if (PQgetisnull(res, row, col) ||
	    !request_uuid_bytes(PQgetvalue(res, row, col), buf))
		return;
	out->data = buf;
	out->len = UUID_SIZE;
}

char *
ledger_text(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col);
}

long long
ledger_int(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

void *
ledger_calloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size);

	if (p == NULL)
		abort();
	return p;
}
