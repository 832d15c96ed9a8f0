/* reaper.c - one worker thread that runs queued frees in order. */
#include "reaper.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct job {
	tc_reap_fn	fn;
	void		*obj;		/* (owned until fn runs) */
	struct job	*next;
};

struct tc_reaper {
	pthread_t	thread;
	pthread_mutex_t	lock;
	pthread_cond_t	more;
	struct job	*head;		/* (owned) FIFO */
	struct job	**tail;
	bool		stopping;
};

static void *
worker(void *arg)
{
	struct tc_reaper *r = arg;
	struct job *j;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (r->head == NULL && !r->stopping)
			pthread_cond_wait(&r->more, &r->lock);
		if (r->head == NULL)
			break;
		j = r->head;
		r->head = j->next;
		if (r->head == NULL)
			r->tail = &r->head;
		pthread_mutex_unlock(&r->lock);
		j->fn(j->obj);
		free(j);
		pthread_mutex_lock(&r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

enum tc_err
tc_reaper_new(struct tc_reaper **out, struct tc_diag *diag)
{
	struct tc_reaper *r = calloc(1, sizeof(*r));
	int rc;

	if (r == NULL)
		return TC_ERR_NOMEM;
	r->tail = &r->head;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->more, NULL);
	rc = pthread_create(&r->thread, NULL, worker, r);
	if (rc != 0) {
		tc_diag_set(diag, "starting the reaper thread: %s",
		    strerror(rc));
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->more);
		free(r);
		return TC_ERR_SYS;
	}
	*out = r;
	return TC_OK;
}

void
tc_reaper_post(struct tc_reaper *r, tc_reap_fn fn, void *obj)
{
	struct job *j;

	if (obj == NULL)
		return;
	j = malloc(sizeof(*j));
	if (r == NULL || j == NULL) {
		free(j);
		fn(obj);
		return;
	}
	j->fn = fn;
	j->obj = obj;
	j->next = NULL;
	pthread_mutex_lock(&r->lock);
	*r->tail = j;
	r->tail = &j->next;
	pthread_cond_signal(&r->more);
	pthread_mutex_unlock(&r->lock);
}

void
tc_reaper_free(struct tc_reaper *r)
{
	if (r == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	r->stopping = true;
	pthread_cond_signal(&r->more);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->more);
	free(r);
}
