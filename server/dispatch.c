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
	case ANSINH__V1__REQUEST__BODY_STANDARD_CREATE:
		h_standard_create(req, r->standard_create);
		return;
	case ANSINH__V1__REQUEST__BODY_STANDARD_LIST:
		h_standard_list(req, r->standard_list);
		return;
	case ANSINH__V1__REQUEST__BODY_ASSESSMENT_CREATE:
		h_assessment_create(req, r->assessment_create);
		return;
	case ANSINH__V1__REQUEST__BODY_ASSESSMENT_GET:
		h_assessment_get(req, r->assessment_get);
		return;
	case ANSINH__V1__REQUEST__BODY_ASSESSMENT_LIST:
		h_assessment_list(req, r->assessment_list);
		return;
	case ANSINH__V1__REQUEST__BODY_RECOGNITION_CREATE:
		h_recognition_create(req, r->recognition_create);
		return;
	case ANSINH__V1__REQUEST__BODY_EXPECTED_EXIT_SET:
		h_expected_exit_set(req, r->expected_exit_set);
		return;
	case ANSINH__V1__REQUEST__BODY_CASEFILE_SET:
		h_casefile_set(req, r->casefile_set);
		return;
	case ANSINH__V1__REQUEST__BODY_PLAN_ITEM_CREATE:
		h_plan_item_create(req, r->plan_item_create);
		return;
	case ANSINH__V1__REQUEST__BODY_PLAN_ITEM_UPDATE:
		h_plan_item_update(req, r->plan_item_update);
		return;
	case ANSINH__V1__REQUEST__BODY_CASEFILE_NOTE_CREATE:
		h_casefile_note_create(req, r->casefile_note_create);
		return;
	case ANSINH__V1__REQUEST__BODY_CASEFILE_GET:
		h_casefile_get(req, r->casefile_get);
		return;
	case ANSINH__V1__REQUEST__BODY_POVERTY_REPORT:
		h_poverty_report(req, r->poverty_report);
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
