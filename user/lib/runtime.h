/* user/lib/runtime.h - internals shared by the user library's files. */
#ifndef USER_RUNTIME_H
#define USER_RUNTIME_H

#include <stdint.h>

void runtime_heap_init(uintptr_t start, uintptr_t end);

#endif
