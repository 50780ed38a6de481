# tools/parley.gdb - gdb commands for a parley image; `make gdb` loads this file.
#
#   parley-connect HOST:PORT  attach to QEMU's gdb stub and switch it to physical memory
#                             mode (below)
#   ptasks                    every task from the kernel's tables: index, name, state,
#                             priority, generation, restarts, faults, saved pc; '*' marks the
#                             task that runs (arch_current)
#   pcurrent                  the running task, and where the CPU is
#
# Why physical memory mode: QEMU's gdb stub reads memory as the CPU would at that moment.
# Stopped inside a task, the CPU is unprivileged under that task's MPU regions, so the kernel's
# RAM (sys_tasks, arch_current, ...) reads as "Cannot access memory". The packet
# Qqemu.PhyMemMode:1 makes the stub read physical memory whatever the CPU's mode.
#
# These commands read the kernel's own structures (kernel/task.h, arch/cortex-m/arch_types.h,
# kernel/sysdesc.h); tests/gdb (tools/gdb-test.sh, in `make test`) checks them against an image.

set confirm off
set pagination off

define parley-connect
    target remote $arg0
    maintenance packet Qqemu.PhyMemMode:1
end
document parley-connect
Attach to QEMU's gdb stub at HOST:PORT and read physical memory from then on.
end

define parley-state
    if $arg0 == 0
        echo ready\040\040\040
    end
    if $arg0 == 1
        echo blocked\040
    end
    if $arg0 == 2
        echo faulted\040
    end
    if $arg0 == 3
        echo exited\040\040
    end
    if $arg0 > 3
        echo ?\040\040\040\040\040\040\040
    end
end

define ptasks
    printf "   #  name            state    prio  gen restarts faults  pc\n"
    set $i = 0
    while $i < sizeof(sys_tasks) / sizeof(sys_tasks[0])
        set $t = &sys_tasks[$i]
        if (struct arch_task *)$t == arch_current
            printf " * "
        else
            printf "   "
        end
        printf "%-2u %-15s ", $i, sys_task_descs[$i].name
        parley-state $t->state
        printf " %4u %4u %8u %6u  ", $t->priority, $t->generation, $t->restarts, $t->faults
        if (struct arch_task *)$t == arch_current
            printf "0x%08x (running)\n", $pc
        else
            printf "0x%08x\n", ((struct arch_frame *)$t->arch.psp)->pc
        end
        set $i = $i + 1
    end
end
document ptasks
List every task of the image from the kernel's tables (sys_tasks, sys_task_descs); '*' marks
the running one (arch_current). pc is where a task that is not running will resume.
end

define pcurrent
    set $t = (struct task *)arch_current
    printf "current task: %u %s (generation %u, priority %u), ", $t->index, $t->desc->name, $t->generation, $t->priority
    parley-state $t->state
    printf "\n"
    if ($xpsr & 0x1ff) == 0
        printf "the CPU runs the task (thread mode): pc 0x%08x\n", $pc
    else
        printf "the CPU is in the kernel (exception %u) on behalf of it: pc 0x%08x\n", $xpsr & 0x1ff, $pc
    end
    frame
end
document pcurrent
The running task (arch_current) and where the CPU is: in the task, or in the kernel.
end
