/* cmd_subs.c: placeholder until the subcommand lands. */
#include <stdio.h>

#include "pl_cmd.h"

int pl_cmd_export(int argc, char **argv)
{
	fprintf(stderr, "tsync export: not implemented yet\n");
	return 1;
}

int pl_cmd_import(int argc, char **argv)
{
	fprintf(stderr, "tsync import: not implemented yet\n");
	return 1;
}

int pl_cmd_check(int argc, char **argv)
{
	fprintf(stderr, "tsync check: not implemented yet\n");
	return 1;
}
