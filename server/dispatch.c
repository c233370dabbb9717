/*
 * dispatch.c — one switch from the request's body to its handler.
 */
#include "dispatch.h"

#include "session.h"

void
dispatch_request(struct session *s, const Ansinh__V1__Request *r)
{
	struct request *req = request_new(s, r);

	switch (r->body_case) {
	case ANSINH__V1__REQUEST__BODY_PING:
		h_ping(req, r->ping);
		return;
	case ANSINH__V1__REQUEST__BODY_WARD_LIST:
		h_ward_list(req, r->ward_list);
		return;
	case ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE:
		h_household_create(req, r->household_create);
		return;
	case ANSINH__V1__REQUEST__BODY_HOUSEHOLD_UPDATE:
		h_household_update(req, r->household_update);
		return;
	case ANSINH__V1__REQUEST__BODY_HOUSEHOLD_GET:
		h_household_get(req, r->household_get);
		return;
	case ANSINH__V1__REQUEST__BODY_HOUSEHOLD_LIST:
		h_household_list(req, r->household_list);
		return;
	case ANSINH__V1__REQUEST__BODY_HOUSEHOLD_FIND:
		h_household_find(req, r->household_find);
		return;
	case ANSINH__V1__REQUEST__BODY_MEMBER_CREATE:
		h_member_create(req, r->member_create);
		return;
	case ANSINH__V1__REQUEST__BODY_MEMBER_UPDATE:
		h_member_update(req, r->member_update);
		return;
	case ANSINH__V1__REQUEST__BODY_MEMBER_LIST:
		h_member_list(req, r->member_list);
		return;
	case ANSINH__V1__REQUEST__BODY_MEMBER_DUPLICATES:
		h_member_duplicates(req, r->member_duplicates);
		return;
	case ANSINH__V1__REQUEST__BODY_HELLO:
	case ANSINH__V1__REQUEST__BODY__NOT_SET:
	default:
		break;
	}
	request_fail(req, ANSINH__V1__CODE__UNIMPLEMENTED,
	             "this daemon does not know that request (body %d)",
	             (int)r->body_case);
}
