/* The lock validator's scenarios (tests/lockdep_test.c): each provokes one of its reports on
 * purpose, with lock classes of its own. The lockdep suite runs them silenced and checks what
 * was found; crashtest=lockdep (tests/crash_test.c) runs them aloud for the crash row. */
#ifndef _TESTS_LOCKDEP_TEST_H
#define _TESTS_LOCKDEP_TEST_H

#include <linux/lockdep.h>

struct lockdep_scenario {
	const char *name;
	/* Provoke the report. @silent: a helper thread it starts silences itself too. */
	void (*run)(bool silent);
	enum lockdep_report expect;
	const char *lock, *other;	/* the class names the report must name (or NULL) */
};

extern const struct lockdep_scenario lockdep_scenarios[];
extern const unsigned int nr_lockdep_scenarios;

#endif
