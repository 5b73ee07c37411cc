/* Addresses linker.ld defines around the kernel image's sections, as Linux's <asm/sections.h>. */
#ifndef _ASM_SECTIONS_H
#define _ASM_SECTIONS_H

extern char _text[], _etext[], __sched_text_start[], __sched_text_end[], __start_rodata[], __end_rodata[], _sdata[], _edata_bss[];
extern char __phys_start[], __kallsyms_start[], _end[];
extern char __init_stack_guard[], init_stack[], init_stack_top[];

#endif
