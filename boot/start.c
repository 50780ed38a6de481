/*
 * boot/start.c - reset: set up the C runtime of the kernel image, then kernel_main().
 *
 * The kernel's .data is copied from its load address in flash and .bss zeroed. Task memory is
 * not touched here: each task's image is laid out by the kernel (task_load) so that a restart
 * can do the same again.
 */
#include <stdint.h>

extern uint32_t __kernel_data_load[], __kernel_data_start[], __kernel_data_end[];
extern uint32_t __kernel_bss_start[], __kernel_bss_end[];
void kernel_main(void) __attribute__((noreturn));
void reset_handler(void) __attribute__((noreturn));

/* Linker symbols mark section bounds in different "objects", so they are compared as
 * addresses, not as pointers (comparing pointers into different objects is undefined in C). */
static void copy_words(uint32_t *dst, const uint32_t *src, uintptr_t end)
{
    while ((uintptr_t)dst < end) {
        *dst++ = *src++;
    }
}

static void zero_words(uint32_t *dst, uintptr_t end)
{
    while ((uintptr_t)dst < end) {
        *dst++ = 0;
    }
}

void reset_handler(void)
{
    copy_words(__kernel_data_start, __kernel_data_load, (uintptr_t)__kernel_data_end);
    zero_words(__kernel_bss_start, (uintptr_t)__kernel_bss_end);
    kernel_main();
}
