"""sysgen's outputs: the text of every file it generates for one image, from a checked system
description (tools/sysgen.py reads and checks it; nothing here can fail on a description).

  sys_tables.c            kernel tables                 gen_tables, gen_ipc_tables
  system_all.h            the whole system's constants  gen_header
  tasks/<task>/system.h   what one task may see         gen_header(..., task)
  tasks.ld, memory.ld     linker placement              gen_linker, gen_memory
  tasks/<task>_start.c    each task's start routine     gen_start
  image.mk                make rules                    gen_make
  layout.txt              the memory map                gen_layout
"""
import os
import textwrap

from sysgen_limits import LIMITS

# Cores with ARMv6-M's exception model: one fault exception, no fault status registers
V6M_CPUS = {"cortex-m0", "cortex-m0plus", "cortex-m1"}

RESTART_MODES = {"never": LIMITS["RESTART_NEVER"], "always": LIMITS["RESTART_ALWAYS"],
                 "backoff": LIMITS["RESTART_BACKOFF"]}
CAPS = {"supervisor": "CAP_SUPERVISOR", "shutdown": "CAP_SHUTDOWN", "status": "CAP_STATUS"}


def regions_of(t, board):
    r = [(t.flash_base, t.flash, "MEM_CODE"), (t.ram_base, t.ram, "MEM_DATA")]
    r += [(board.periph[d][0], board.periph[d][1], "MEM_DEVICE") for d in board.devices_of(t)]
    return r


def rights(t, tasks, endpoints, ntfns):
    """A task's (or a server in the kernel's) rights and badges. The default badge is the task
    index + 1; a server in the kernel (MODE=mono) has no index and gets 0xff01 + its place."""
    idx = {x.name: i for i, x in enumerate(tasks)}
    default = t.default_badge if t.default_badge is not None else idx[t.name] + 1
    send = sum(1 << i for i, e in enumerate(endpoints) if t.name in e.senders)
    recv = sum(1 << i for i, e in enumerate(endpoints) if t.name in e.receivers)
    grant = sum(1 << i for i, e in enumerate(endpoints) if t.name in e.grant)
    signal = sum(1 << i for i, n in enumerate(ntfns) if t.name in n.signalers)
    badges = []
    for e in endpoints:
        b = e.senders.get(t.name) if t.name in e.senders else 0
        badges.append(default if b is None else b)
    return send, recv, grant, signal, badges


def sig_targets(t, tasks):
    """Bit i: t may send signals to task i (its `signals` key; `*` is every task but the idle
    one). A name that is no task of this image (a server moved into the kernel, MODE=mono) has
    no bit: there is no task to signal."""
    every = t.signals == ["*"]
    return sum(1 << i for i, x in enumerate(tasks)
               if x.name != "idle" and (every or x.name in t.signals))


def watched(t, tasks):
    """Bit i: task i's stop sends t PL_SIGCHLD (its `watch` key); a server moved into the
    kernel (MODE=mono) never stops, and has no bit."""
    return sum(1 << i for i, x in enumerate(tasks) if x.name in t.watch)


def gen_ipc_tables(tasks, endpoints, ntfns, pages, board, kservers):
    idx = {t.name: i for i, t in enumerate(tasks)}
    kidx = {k.name: i + 1 for i, k in enumerate(kservers)}  # 1-based: 0 is "tasks receive"
    out = ["const struct endpoint_desc sys_endpoint_descs[] = {"]
    out += [f"    {{\"{e.name}\", {kidx.get(e.receivers[0], 0)}u}}," for e in endpoints] \
        or ["    {0},"]
    out += ["};", f"const uint32_t sys_endpoint_count = {len(endpoints)};"]
    for n in ntfns:
        bits = ["0xff"] * 32
        for irq, bit in n.irqs.items():
            bits[bit] = str(board.irqs[irq][0])
        out.append(f"static const uint8_t ntfn_{n.name}_irqs[32] = {{{', '.join(bits)}}};")
    out.append("const struct ntfn_desc sys_ntfn_descs[] = {")
    out += [f"    {{\"{n.name}\", {idx.get(n.waiter, 0xff)}, ntfn_{n.name}_irqs, "
            f"{0 if n.fault_bit is None else 1 << n.fault_bit}u, "
            f"{0 if n.klog_bit is None else 1 << n.klog_bit}u}}," for n in ntfns] \
        or ["    {0},"]
    out += ["};", f"const uint32_t sys_ntfn_count = {len(ntfns)};",
            "const struct page_desc sys_page_descs[] = {"]
    out += [f"    {{0x{b:08x}u, {sz}u, {idx[t.name]}}}, /* {t.name} page {k} */"
            for b, sz, t, k in pages] or ["    {0},"]
    out += ["};", f"const uint32_t sys_page_count = {len(pages)};"]
    routes = [("IPC_NO_NTFN", 0)] * board.irq_count
    for i, n in enumerate(ntfns):
        for irq, bit in n.irqs.items():
            num = board.irqs[irq][0]  # a shared line (two names) raises both their bits
            old = routes[num][1] if routes[num][0] == str(i) else ""
            routes[num] = (str(i), f"{old} | 1u << {bit}" if old else f"1u << {bit}")
    out.append("const struct irq_route sys_irq_routes[] = {")
    out += [f"    {{{r}, {b}}}, /* IRQ {i} */" for i, (r, b) in enumerate(routes)]
    out += ["};", f"const uint32_t sys_irq_count = {board.irq_count};",
            f"_Static_assert(BOARD_IRQ_COUNT == {board.irq_count}, "
            '"board_regs.h and board.ini disagree on the number of interrupts");', ""]
    return out + gen_kservers(tasks, endpoints, ntfns, kservers)


def irq_lines(t, board):
    """The interrupt lines task t owns, each once: a shared line has several names."""
    return list(dict.fromkeys(board.irqs[i][0] for i in t.irqs))


def gen_kservers(tasks, endpoints, ntfns, kservers):
    """MODE=mono: the servers linked into the kernel (sys/kserver_mono.c); none in micro."""
    out = [f"extern const struct pl_server {k.server};" for k in kservers]
    for k in kservers:
        badges = rights(k, tasks, endpoints, ntfns)[4]
        out.append(f"static const uint32_t kserver_{k.name}_badges[IPC_MAX_ENDPOINTS] = "
                   f"{{{', '.join(str(b) for b in badges) or '0'}}};")
    out.append("const struct kserver_desc sys_kservers[] = {")
    for k in kservers:
        ntfn = next((i for i, n in enumerate(ntfns) if n.waiter == k.name), None)
        names = runtime_eps(k, endpoints)[1]
        signal = sum(1 << i for i, n in enumerate(ntfns) if k.name in n.signalers)
        out.append(f"    {{&{k.server}, {'IPC_NO_NTFN' if ntfn is None else ntfn}, "
                   f"kserver_{k.name}_badges, {names}u, {signal:#x}u, "
                   f"0x{sig_targets(k, tasks):x}u}}, /* {k.name} */")
    out += ["    {0}," if not kservers else "", "};",
            f"const uint32_t sys_kserver_count = {len(kservers)};", ""]
    return [line for line in out if line != ""] + [""]


def gen_tables(system, tasks, board, endpoints, ntfns, pages, kservers=()):
    out = ["/* Generated by tools/sysgen.py from the system description. Do not edit. */",
           '#include "board_regs.h"', '#include "sysdesc.h"', '#include "task.h"', ""]
    for t in tasks:
        n = t.name
        out.append(f"void __task_{n}_start(uintptr_t heap_start, uintptr_t heap_end);")
        out.append(f"extern char __task_{n}_data_load[], __task_{n}_data_start[], "
                   f"__task_{n}_data_end[], __task_{n}_bss_start[], __task_{n}_bss_end[], "
                   f"__task_{n}_ntfn_mirror[], __task_{n}_ntfn_mirror_end[];")
        regs = ", ".join(f"{{0x{b:08x}u, 0x{s:x}u, {a}}}" for b, s, a in regions_of(t, board))
        out.append(f"static const struct mem_region {n}_regions[] = {{{regs}}};")
        irqs = ", ".join(str(num) for num in irq_lines(t, board)) or "0"
        out.append(f"static const uint8_t {n}_irqs[] = {{{irqs}}};")
        badges = rights(t, tasks, endpoints, ntfns)[4]
        out.append(f"static const uint32_t {n}_badges[IPC_MAX_ENDPOINTS] = "
                   f"{{{', '.join(str(b) for b in badges) or '0'}}};")
        out.append("")
    out.append("const struct task_desc sys_task_descs[] = {")
    for t in tasks:
        n = t.name
        caps = " | ".join(CAPS[c] for c in t.caps) or "0"
        out += [f"    {{.name = \"{n}\",",
                f"     .entry = (uintptr_t)__task_{n}_start,",
                f"     .priority = {t.priority}, .caps = {caps},",
                f"     .ram_base = 0x{t.ram_base:08x}u, .ram_size = {t.ram}u, "
                f".stack_size = {t.stack}u,",
                f"     .data_load = (uintptr_t)__task_{n}_data_load,",
                f"     .data_start = (uintptr_t)__task_{n}_data_start,",
                f"     .data_end = (uintptr_t)__task_{n}_data_end,",
                f"     .bss_start = (uintptr_t)__task_{n}_bss_start,",
                f"     .bss_end = (uintptr_t)__task_{n}_bss_end,",
                f"     .ntfn_mirror = (uintptr_t)__task_{n}_ntfn_mirror,",
                f"     .ntfn_mirror_end = (uintptr_t)__task_{n}_ntfn_mirror_end,",
                f"     .regions = {n}_regions, .region_count = {len(regions_of(t, board))},",
                f"     .irqs = {n}_irqs, .irq_count = {len(irq_lines(t, board))},",
                "     .ep_send = 0x%xu, .ep_recv = 0x%xu, .ep_grant = 0x%xu, "
                ".ntfn_signal = 0x%xu," % rights(t, tasks, endpoints, ntfns)[:4],
                f"     .badges = {n}_badges, .windows = {t.windows},",
                f"     .sig_targets = 0x{sig_targets(t, tasks):x}u, "
                f".watch = 0x{watched(t, tasks):x}u, .raise = {t.priority - t.ceiling}u}},"]
    out += ["};", f"const uint32_t sys_task_count = {len(tasks)};",
            f"struct task sys_tasks[{len(tasks)}];",
            "void kernel_test_hook(void);" if system["kernel_sources"] else "",
            f"const struct sys_config sys_config = {{.name = \"{system['name']}\", "
            f".tick_hz = {system['tick_hz']}u, .slice_ticks = {system['slice_ticks']}u, "
            f".fastpath = {1 if system['fastpath'] == 'on' else 0}u, "
            f".test_hook = {'kernel_test_hook' if system['kernel_sources'] else '0'}, "
            f".klog_size = {system['klog_size']}u}};",
            f"char sys_klog_ring[{max(system['klog_size'], 1)}];", ""]
    out += gen_ipc_tables(tasks, endpoints, ntfns, pages, board, list(kservers))
    return "\n".join(out)


def visible(task, endpoints, ntfns):
    """What task may name in its system.h: the endpoints it holds a right on (send, receive or
    grant) and the notifications it waits on or signals. A task with the supervisor
    capability may read any endpoint's statistics and any task's status, so it sees all of
    them; so does the whole system's header (task None)."""
    if task is None or "supervisor" in task.caps:
        return endpoints, ntfns
    eps = [e for e in endpoints
           if task.name in e.senders or task.name in e.receivers or task.name in e.grant]
    nts = [n for n in ntfns if task.name == n.waiter or task.name in n.signalers]
    return eps, nts


def gen_ntfn_waiters(tasks, ntfns, task):
    """For a task that signals notifications (a server that signals on its clients' behalf):
    the waiter's task index of each notification it may signal, 0xff for the others and for
    a waiter that is a server in the kernel. A server checks with it that a client asks to be
    signalled on its own notification (servers/mqueue, mq_notify)."""
    if task is None or not any(task.name in n.signalers for n in ntfns):
        return []
    idx = {t.name: i for i, t in enumerate(tasks)}
    waiters = [idx.get(n.waiter, 0xff) if task.name in n.signalers else 0xff for n in ntfns]
    return ["/* The waiter's task index of each notification this task may signal (0xff: not",
            " * one of those, or a waiter in the kernel), by notification index */",
            f"#define SYSTEM_NTFN_COUNT {len(ntfns)}u",
            "#define SYSTEM_NTFN_WAITERS {" + ", ".join(f"{w}u" for w in waiters) + "}", ""]


def gen_ntfn_all_waiters(tasks, ntfns):
    """The waiter's task index of every notification (0xff: a waiter in the kernel), for a
    server that passes a client's notification on to another client (servers/pipe/pipe_lend.c:
    an end of a fast pipe names the notification its peer must signal, and the server checks
    that the end waits on it). Notifications are public in the description."""
    idx = {t.name: i for i, t in enumerate(tasks)}
    waiters = [idx.get(n.waiter, 0xff) for n in ntfns] or [0xff]
    return ["/* The waiter's task index of every notification, by index (0xff: in the kernel) */",
            f"#define SYSTEM_NTFN_ALL_COUNT {len(ntfns)}u",
            "#define SYSTEM_NTFN_ALL_WAITERS {" + ", ".join(f"{w}u" for w in waiters) + "}", ""]


def gen_ipc_defines(tasks, endpoints, ntfns, task, kservers=()):
    """EP_, BADGE_ and NTFN_ constants, as task may see them (None: all of them)."""
    eps, nts = visible(task, endpoints, ntfns)
    out = []
    for i, e in enumerate(endpoints):
        if e not in eps:
            continue
        out.append(f"#define EP_{e.name.upper()} {i}u")
        for t in list(tasks) + list(kservers):
            if t.name in e.senders:
                out.append(f"#define BADGE_{e.name.upper()}_{t.name.upper()} "
                           f"{rights(t, tasks, endpoints, ntfns)[4][i]}u")
    for i, n in enumerate(ntfns):
        if n not in nts:
            continue
        out.append(f"#define NTFN_{n.name.upper()} {i}u")
        if task is not None and task.name != n.waiter:
            continue  # a signaler needs the index, not the waiter's bits
        for irq, bit in n.irqs.items():
            out.append(f"#define NTFN_{n.name.upper()}_{irq.upper()} (1u << {bit})")
        if n.fault_bit is not None:
            out.append(f"#define NTFN_{n.name.upper()}_FAULTS (1u << {n.fault_bit})")
        if n.klog_bit is not None:
            out.append(f"#define NTFN_{n.name.upper()}_KLOG (1u << {n.klog_bit})")
    hidden = [f"endpoint '{e.name}'" for e in endpoints if e not in eps] + \
             [f"notification '{n.name}'" for n in ntfns if n not in nts]
    if hidden:
        text = (f"Not defined here: this task holds no right on {', '.join(hidden)}, so naming "
                f"one is a compile error. Give the task a right on it in the system description "
                f"(senders, receivers, grant; waiter, signalers) to see it.")
        wrapped = textwrap.wrap(text, 92)
        out += ["/* " + wrapped[0]] + [" * " + w for w in wrapped[1:]]
        out[-1] += " */"
    return out


def gen_header(system, tasks, board, endpoints, ntfns, pages, task=None, kservers=()):
    """The system's constants for tasks' code. With task: that task's own system.h, without
    the endpoints and notifications it holds no right on."""
    whose = f"task '{task.name}'" if task else ("the whole system. A task's code includes\n"
                                                " * its own system.h, which names only what it holds a right on; code that must name\n"
                                                " * the others (tests that the kernel refuses them) includes this file")
    out = [f"/* Generated by tools/sysgen.py: the constants of this system for {whose}. */",
           "#ifndef PARLEY_SYSTEM_H", "#define PARLEY_SYSTEM_H", "",
           f"#define SYSTEM_NAME \"{system['name']}\"",
           f"#define SYSTEM_TICK_HZ {system['tick_hz']}u",
           f"#define BOARD_CLOCK_HZ {board.cpu_hz}u /* the core (board.ini cpu_hz) */",
           f"#define BOARD_TIMER_HZ {board.timer_hz}u /* what tasks' timers count (board.ini "
           f"timer_hz) */",
           f"#define SYSTEM_TASK_COUNT {len(tasks)}u",
           f"#define SYSTEM_MODE_MONO {1 if system.get('mode') == 'mono' else 0}u",
           f"#define BOARD_ISOLATED {0 if board.mpu == 'none' else 1}u /* 0: board.ini mpu = none, "
           f"no MPU: tasks are NOT isolated */",
           f"#define BOARD_FAULT_STATUS {0 if board.cpu in V6M_CPUS else 1}u /* 0: ARMv6-M, every "
           f"fault a HardFault (PL_FAULT_HARD, no status register) */", ""]
    for i, t in enumerate(tasks):
        u = t.name.upper()
        out += [f"#define TASK_{u} {i}u",
                f"#define TASK_{u}_FLASH_BASE 0x{t.flash_base:08x}u",
                f"#define TASK_{u}_FLASH_SIZE {t.flash}u",
                f"#define TASK_{u}_RAM_BASE 0x{t.ram_base:08x}u",
                f"#define TASK_{u}_RAM_SIZE {t.ram}u",
                f"#define TASK_{u}_STACK_SIZE {t.stack}u", ""]
    for k in kservers:
        out += [f"#define TASK_{k.name.upper()} 0xffu /* MODE=mono: a server in the kernel, "
                f"not a task */", ""]
    for p, (b, s) in sorted(board.periph.items()):
        out.append(f"#define PERIPH_{p.upper()}_BASE 0x{b:08x}u")
    for iname, (num, _) in sorted(board.irqs.items()):  # the board's number for each IRQ
        out.append(f"#define IRQ_{iname.upper()} {num}u")
    out.append("")
    out += gen_ipc_defines(tasks, endpoints, ntfns, task, kservers)
    out += gen_ntfn_waiters(tasks, ntfns, task)
    out += gen_ntfn_all_waiters(tasks, ntfns)
    for i, (b, sz, t, k) in enumerate(pages):
        out.append(f"#define PAGE_{t.name.upper()}_{k} {i}u")
    out.append(f"#define PAGE_SIZE {system['page_size']}u")
    out += ["", "/* Restart policy per task index, for a supervisor: {mode (0 never, 1 always,",
            " * 2 backoff), first back-off in ms (doubling), hold after this many restarts (0: never",
            " * hold), within this many seconds} */", "#define SYSTEM_RESTART_POLICIES \\"]
    out += ["    {" + ", ".join(f"{{{RESTART_MODES[t.restart]}u, {t.backoff_ms}u, {t.hold_count}u, "
                                f"{t.hold_window_s}u}}" for t in tasks) + "}"]
    out += ["", f"#define KERNEL_RAM_BASE 0x{board.ram[0]:08x}u",
            f"#define KERNEL_FLASH_BASE 0x{board.flash[0]:08x}u", "", "#endif", ""]
    return "\n".join(out)


def gen_linker(tasks):
    """Code first (ascending flash), then RAM (ascending), so '.' only ever moves forward."""
    out = ["/* Generated by tools/sysgen.py: each task's sections in its own MPU regions. */"]
    obj = "*/tasks/{}.task.o".format
    for t in sorted(tasks, key=lambda t: t.flash_base):
        n = t.name
        out += [f".task_{n}_text 0x{t.flash_base:08x} : {{",
                f"    {obj(n)}(.text .text.* .rodata .rodata.* .glue_7 .glue_7t .init_array* "
                f".fini_array* .preinit_array*)",
                "    . = ALIGN(4);", "}",
                f".task_{n}_exidx ADDR(.task_{n}_text) + SIZEOF(.task_{n}_text) : {{ "
                f"{obj(n)}(.ARM.exidx* .ARM.extab*) . = ALIGN(4); }}", ""]
    for t in sorted(tasks, key=lambda t: t.ram_base):
        n = t.name
        fend, rend = t.flash_base + t.flash, t.ram_base + t.ram
        out += [f".task_{n}_data 0x{t.ram_base + t.stack:08x} : AT(LOADADDR(.task_{n}_exidx) "
                f"+ SIZEOF(.task_{n}_exidx)) {{",
                f"    __task_{n}_data_start = .;",
                f"    __task_{n}_ntfn_mirror = .;",
                f"    {obj(n)}(.pl_ntfn_mirror)",
                f"    __task_{n}_ntfn_mirror_end = .;",
                f"    {obj(n)}(.data .data.*)",
                "    . = ALIGN(4);",
                f"    __task_{n}_data_end = .;", "}",
                f"__task_{n}_data_load = LOADADDR(.task_{n}_data);",
                f".task_{n}_bss ADDR(.task_{n}_data) + SIZEOF(.task_{n}_data) (NOLOAD) : {{",
                f"    __task_{n}_bss_start = .;",
                f"    {obj(n)}(.bss .bss.* COMMON)",
                "    . = ALIGN(8);",
                f"    __task_{n}_bss_end = .;", "}",
                f"ASSERT(__task_{n}_data_load + SIZEOF(.task_{n}_data) <= 0x{fend:08x}, "
                f"\"task {n}: code and data do not fit its flash region; raise 'flash' in the "
                f"system description\")",
                f"ASSERT(__task_{n}_bss_end <= 0x{rend:08x} - 64, \"task {n}: stack, data and "
                f"bss do not fit its ram region; raise 'ram' in the system description\")", ""]
    return "\n".join(out)


def gen_memory(board):
    fb, rb = board.flash[0], board.ram[0]
    return (f"/* Generated by tools/sysgen.py from board {board.name}. */\n"
            f"MEMORY\n{{\n    KFLASH (rx)  : ORIGIN = 0x{fb:08x}, LENGTH = {board.kernel_flash}\n"
            f"    KRAM   (rw)  : ORIGIN = 0x{rb:08x}, LENGTH = {board.kernel_ram}\n}}\n"
            f"KERNEL_STACK_SIZE = {board.kernel_stack};\n")


def gen_make(img, system, tasks, outdir, kservers=()):
    """Each task's sources are compiled for it alone (obj/<task>/...), against its own
    tasks/<task>/system.h, so that a file two tasks share sees each one's rights. In MODE=mono
    the servers' sources are compiled the same way and each server is linked into its own
    kserv_<name>.o for the kernel (the Makefile's kserver_link)."""
    v = f"IMG_{img}"
    lines = [f"# Generated by tools/sysgen.py for image {img}.",
             f"{v}_DIR := {outdir}", f"IMAGES += {img}", f"{v}_TASKOBJS :=", f"{v}_OBJS :=",
             f"{v}_MODE := {system.get('mode', 'micro')}", f"{v}_KSERVERS :="]
    if system["extends"]:  # regenerate when the description it builds on changes
        lines += [f"{outdir}/image.mk: {system['extends']}"]
    for t in tasks:
        odir, inc = f"$({v}_DIR)/obj/{t.name}", f"$({v}_DIR)/tasks/{t.name}"
        objs = [f"{odir}/{os.path.splitext(s)[0]}.o" for s in t.sources]
        start = f"$({v}_DIR)/tasks/{t.name}_start.c"
        tobj = f"$({v}_DIR)/tasks/{t.name}.task.o"
        lines += [f"{odir}/%.o: %.c {inc}/system.h", f"\t$(call task_cc,{inc} -I$({v}_DIR))",
                  f"{odir}/%.o: %.S {inc}/system.h", f"\t$(call task_cc,{inc} -I$({v}_DIR))",
                  f"{v}_OBJS += {' '.join(objs)}",
                  f"{v}_TASKOBJS += {tobj}",
                  f"{tobj}: {start:s} {' '.join(objs)} $(LIBPARLEY)",
                  f"\t$(call task_link,{t.name},$({v}_DIR),{' '.join(objs)},{t.entry})"]
    for k in kservers:  # each one linked on its own: two may share a source file
        odir, inc = f"$({v}_DIR)/obj/{k.name}", f"$({v}_DIR)/tasks/{k.name}"
        objs = [f"{odir}/{os.path.splitext(s)[0]}.o" for s in k.sources]
        kobj = f"$({v}_DIR)/kserv_{k.name}.o"
        lines += [f"{odir}/%.o: %.c {inc}/system.h", f"\t$(call task_cc,{inc} -I$({v}_DIR))",
                  f"{odir}/%.o: %.S {inc}/system.h", f"\t$(call task_cc,{inc} -I$({v}_DIR))",
                  f"{v}_OBJS += {' '.join(objs)}",
                  f"{v}_KSERVERS += {kobj}",
                  f"{kobj}: {' '.join(objs)} $(KSERVER_LIBOBJS)",
                  f"\t$(call kserver_link,{' '.join(objs)},{k.server})"]
    kobjs = [f"$({v}_DIR)/kobj/{os.path.splitext(s)[0]}.o" for s in system["kernel_sources"]]
    lines += [f"{v}_KOBJS := {' '.join(kobjs)}",
              f"$(eval $(call image_rules,{img}))", ""]
    return "\n".join(lines)


def runtime_eps(t, endpoints):
    """The well-known endpoints the task may send to: 'console' (stdout) and 'names'."""
    found = {e.name: i for i, e in enumerate(endpoints) if t.name in e.senders}
    return found.get("console", 0xff), found.get("names", 0xff)


def gen_start(t, endpoints):
    console, names = runtime_eps(t, endpoints)
    return ("/* Generated by tools/sysgen.py: the start routine of task '%s'. */\n"
            "#include <stdint.h>\n\n"
            "#include \"runtime.h\"\n\n"
            "int %s(void);\n"
            "void __task_%s_start(uintptr_t heap_start, uintptr_t heap_end);\n\n"
            "/* endpoints of the well-known services this task may use (0xff: none) */\n"
            "static const struct pl_runtime runtime = {.console_ep = %du, .names_ep = %du};\n\n"
            "void __task_%s_start(uintptr_t heap_start, uintptr_t heap_end)\n{\n"
            "    pl_task_run(%s, heap_start, heap_end, &runtime);\n}\n"
            % (t.name, t.entry, t.name, console, names, t.name, t.entry))


def gen_layout(system, tasks, board, kservers=()):
    lines = [f"system '{system['name']}' on {board.name}: {len(tasks)} tasks",
             f"  {'task':<16}{'prio':>5}  {'flash':<22}{'ram (stack at bottom)':<26}devices"]
    for t in tasks:
        fl = f"0x{t.flash_base:08x} {t.flash // 1024 if t.flash >= 1024 else t.flash}" \
             f"{'K' if t.flash >= 1024 else 'B'}"
        rm = f"0x{t.ram_base:08x} {t.ram // 1024 if t.ram >= 1024 else t.ram}" \
             f"{'K' if t.ram >= 1024 else 'B'} (stack {t.stack})"
        lines.append(f"  {t.name:<16}{t.priority:>5}  {fl:<22}{rm:<26}"
                     f"  {' '.join(t.peripherals) or '-'}")
    for k in kservers:
        lines.append(f"  {k.name:<16}{'-':>5}  in the kernel (MODE=mono): server {k.server}, "
                     f"privileged")
    if board.mpu == "pmsav8":
        lines += pmsav7_comparison(tasks)
    return "\n".join(lines) + "\n"


def pmsav7_span(sizes):
    """Bytes from the first region's start to the last one's end if each size were rounded up
    to a power of two and aligned to it (PMSAv7), placed largest first from an aligned start."""
    addr = 0
    for size in sorted((1 << max(5, (z - 1).bit_length()) for z in sizes), reverse=True):
        addr = (addr + size - 1) // size * size + size
    return addr


def pmsav7_comparison(tasks):
    """What the same tasks' regions take here, and what PMSAv7's rule would make them take."""
    out = []
    for key in ("flash", "ram"):
        here = sum(getattr(t, key) for t in tasks)
        v7 = pmsav7_span([getattr(t, key) for t in tasks])
        out.append(f"  {key} of the task regions: {here} bytes with PMSAv8's 32-byte granularity; "
                   f"{v7} under PMSAv7's power-of-two rule ({v7 - here} saved)")
    return out


def write_if_changed(path, text):
    """Keep timestamps of unchanged outputs so make does not rebuild needlessly."""
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return
    with open(path, "w") as f:
        f.write(text)
