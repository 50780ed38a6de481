/*
 * user/demo/demo_print.h - how the demo's tasks print: whole lines through the console
 * driver, noticing when it dies under them (PL_EDEAD) or has been restarted between two lines
 * (its restart counter, asked from the supervisor). Needs send rights on 'console' and
 * 'supervisor'.
 */
#ifndef DEMO_PRINT_H
#define DEMO_PRINT_H

/* Print one line (the line end is added). `who` names the task in its notes about the
 * console driver; the line itself is printed as formatted. */
void demo_print(const char *who, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Forget the console driver's restarts seen so far: a task that restarted it itself (the
 * narrator) need not be told. */
void demo_console_forget(void);

/* The console driver's restarts and generation, as the supervisor reports them; 0 on
 * success. */
int demo_console_info(unsigned long *restarts, unsigned long *generation);

#endif
