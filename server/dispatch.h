/*
 * dispatch.h — route a decoded request of a READY session to its handler.
 * Handlers live one file per record family (h_*.c).
 */
#ifndef ANSINH_DISPATCH_H
#define ANSINH_DISPATCH_H

#include "ansinh.pb-c.h"
#include "request.h"

struct session;

void dispatch_request(struct session *s, const Ansinh__V1__Request *r);

/* h_ward.c */
void h_ping(struct request *req, const Ansinh__V1__Ping *m);
void h_ward_list(struct request *req, const Ansinh__V1__WardList *m);
/* h_household.c */
void h_household_create(struct request *req, const Ansinh__V1__HouseholdCreate *m);
void h_household_update(struct request *req, const Ansinh__V1__HouseholdUpdate *m);
void h_household_get(struct request *req, const Ansinh__V1__HouseholdGet *m);
void h_household_list(struct request *req, const Ansinh__V1__HouseholdList *m);
void h_household_find(struct request *req, const Ansinh__V1__HouseholdFind *m);
/* h_member.c */
void h_member_create(struct request *req, const Ansinh__V1__MemberCreate *m);
void h_member_update(struct request *req, const Ansinh__V1__MemberUpdate *m);
void h_member_list(struct request *req, const Ansinh__V1__MemberList *m);
/* h_duplicates.c */
void h_member_duplicates(struct request *req,
                         const Ansinh__V1__MemberDuplicates *m);

#endif
