/*
 * pl_cmd.h: the subcommands of the tsync command. Each takes the arguments after its own
 * name (argv[0] is the subcommand name) and returns the process exit status:
 * 0 success, 1 bad input or failure (a message was printed on stderr), 2 bad usage.
 */
#ifndef PL_CMD_H
#define PL_CMD_H

int pl_cmd_transcript(int argc, char **argv); /* player/cmd_transcript.c */
int pl_cmd_export(int argc, char **argv);     /* player/cmd_subs.c */
int pl_cmd_import(int argc, char **argv);     /* player/cmd_subs.c */
int pl_cmd_check(int argc, char **argv);      /* player/cmd_subs.c */
int pl_cmd_align(int argc, char **argv);      /* player/cmd_align.c */
int pl_cmd_play(int argc, char **argv);       /* player/cmd_play.c */
int pl_cmd_demo(int argc, char **argv);       /* player/cmd_demo.c */

#endif
