/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every userspace unit test includes: cmocka (libcmocka-dev), with
 * its output as TAP, which tools/check.sh reads. cmocka 1.1.5 prints
 *
 *	ok N - case
 *	not ok N - case		then "# " lines saying why
 *	not ok N # SKIP case	a skip, after the "# " line skip_because()
 *				prints
 *
 * and "# ok - GROUP" or "# not ok - GROUP" at the end. Case names are
 * the test functions' names, which check records as unit/NAME: no two
 * test programs may have a case of the same name. main() asks for TAP:
 *
 *	cmocka_set_message_output(CM_OUTPUT_TAP);
 *	return cmocka_run_group_tests(area_tests, NULL, NULL) ? 1 : 0;
 *
 * (the count of failed cases would wrap as an exit status).
 */

#ifndef AUDITLITE_UNIT_H
#define AUDITLITE_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Skip the running case, with a "# " line that says why. */
#define skip_because(...)						\
	do {								\
		print_message("# skip: " __VA_ARGS__);			\
		print_message("\n");					\
		skip();							\
	} while (0)

#endif /* AUDITLITE_UNIT_H */
