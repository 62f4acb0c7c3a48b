/*
 * db.h -- the handle behind the public API, shared by the files of the
 * core module (the API entry points and the ingest pipeline).
 */
#ifndef TD_CORE_DB_H
#define TD_CORE_DB_H

#include <pthread.h>

#include "clean/clean.h"
#include "extract/actors.h"
#include "extract/kb.h"
#include "store/store.h"
#include "tidings.h"

struct td_db {
    /* Recursive: public calls such as td_export call other public calls. */
    pthread_mutex_t lock;
    td_store *store;
    td_clean *clean; /* loaded on first ingest: reading needs no models */
    td_actors *actors; /* the calling thread's actor stages (jobs = 1) */
    td_kb *kb;       /* the actor knowledge base, loaded on first ingest */
    char **kb_files; /* the user's files it was loaded with */
    size_t kb_nfiles;
    char err[512];
};

void td_db_lock(td_db *db);
void td_db_unlock(td_db *db);
/* Sets db->err from a format; returns code. */
td_status td_db_fail(td_db *db, td_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
