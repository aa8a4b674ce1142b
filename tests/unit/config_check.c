// SPDX-License-Identifier: GPL-2.0
/*
 * config_check: parse a file with auditd-lite's own parser, as the daemon
 * does at start and on SIGHUP; a helper of docs_test.sh, not a test.
 *
 *	config_check [-d] FILE
 *
 * Exits 0 if the file parses, 1 with the parser's message if it does not,
 * and 2 on bad usage. With -d the file must also leave every setting at
 * its default, config_init()'s, or it is reported as differing (1).
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

int main(int argc, char **argv)
{
	struct config cfg, defaults;
	bool want_defaults = false;
	char err[512];
	FILE *f;
	int opt;
	int ret;

	while ((opt = getopt(argc, argv, "d")) != -1) {
		if (opt != 'd')
			goto usage;
		want_defaults = true;
	}
	if (optind != argc - 1)
		goto usage;

	/*
	 * As the daemon: defaults first, replaced only by a whole good file.
	 * Parsed only: who owns the sample in a checkout is not its matter.
	 */
	config_init(&cfg);
	f = fopen(argv[optind], "re");
	if (!f) {
		fprintf(stderr, "config_check: %s: %s\n", argv[optind],
			strerror(errno));
		return 1;
	}
	ret = config_parse(&cfg, f, argv[optind], err, sizeof(err));
	fclose(f);
	if (ret) {
		fprintf(stderr, "config_check: %s\n", err);
		return 1;
	}
	config_init(&defaults);
	if (want_defaults && memcmp(&cfg, &defaults, sizeof(cfg))) {
		fprintf(stderr, "config_check: %s: not all settings are "
			"the defaults\n", argv[optind]);
		return 1;
	}
	return 0;

usage:
	fprintf(stderr, "usage: config_check [-d] FILE\n");
	return 2;
}
