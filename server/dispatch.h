/*
 * dispatch.h — route a decoded request of a READY session to its handler.
 * Handlers live one file per record family (h_*.c).
 */
#ifndef ANSINH_DISPATCH_H
#define ANSINH_DISPATCH_H

#include "ansinh.pb-c.h"
#include "request.h"
#include "legacy.h"

struct session;

void dispatch_request(struct session *s, const Ansinh__V1__Request *r);

/* h_standard.c */
void h_standard_create(struct request *req,
                       const Ansinh__V1__StandardCreate *m);
void h_standard_list(struct request *req, const Ansinh__V1__StandardList *m);
/* h_assess.c */
void h_assessment_create(struct request *req,
                         const Ansinh__V1__AssessmentCreate *m);
void h_assessment_get(struct request *req, const Ansinh__V1__AssessmentGet *m);
void h_assessment_list(struct request *req,
                       const Ansinh__V1__AssessmentList *m);
void h_recognition_create(struct request *req,
                          const Ansinh__V1__RecognitionCreate *m);
/* h_review.c */
void h_expected_exit_set(struct request *req,
                         const Ansinh__V1__ExpectedExitSet *m);
void h_poverty_report(struct request *req, const Ansinh__V1__PovertyReport *m);
/* h_casefile.c */
void h_casefile_set(struct request *req, const Ansinh__V1__CasefileSet *m);
void h_plan_item_create(struct request *req,
                        const Ansinh__V1__PlanItemCreate *m);
void h_plan_item_update(struct request *req,
                        const Ansinh__V1__PlanItemUpdate *m);
void h_casefile_note_create(struct request *req,
                            const Ansinh__V1__CasefileNoteCreate *m);
void h_casefile_get(struct request *req, const Ansinh__V1__CasefileGet *m);

#endif
