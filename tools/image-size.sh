#!/usr/bin/env bash
# tools/image-size.sh ELF LAYOUT - print the size of each part of an image: the kernel's
# sections, then each task's code, data and bss next to the regions the description gave it.
set -euo pipefail
elf=$1 layout=$2
name=$(basename "$elf" .elf)
echo "== $name: $elf"
arm-none-eabi-size -A "$elf" | awk '
    $1 ~ /^\.(vectors|text|ARM\.exidx|data|bss|stack)$/ { k[$1] = $2 }
    $1 ~ /^\.task_/ { split($1, p, "_"); part = p[length(p)]; t = substr($1, 7, length($1) - 7 - length(part));
                      sz[t, part] += $2; if (!(t in seen)) { seen[t] = 1; order[++n] = t } }
    END {
        printf "  kernel: code %d B, data %d B, bss %d B, stack %d B\n",
            k[".vectors"] + k[".text"] + k[".ARM.exidx"], k[".data"], k[".bss"], k[".stack"]
        for (i = 1; i <= n; i++) { t = order[i]
            printf "  task %-14s code %6d B  data %5d B  bss %5d B\n", t, sz[t, "text"] + sz[t, "exidx"], sz[t, "data"], sz[t, "bss"] }
    }'
sed 's/^/  /' "$layout"
