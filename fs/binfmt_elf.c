/* Loading a static ELF program (Linux's fs/binfmt_elf.c, the part a static executable uses): check
 * the header, map each PT_LOAD segment as anonymous memory and copy the file's bytes in, set the
 * break after the last segment, and lay out argc, argv, envp and the auxiliary vector on the new
 * stack as the x86_64 ABI and musl's start-up expect. */
#include <linux/kernel.h>
#include <linux/binfmts.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/page.h>
#include <asm/processor.h>

#define EI_NIDENT	16
#define ELFMAG		"\177ELF"
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define ET_DYN		3
#define EM_X86_64	62
#define PT_LOAD		1
#define PT_INTERP	3
#define PT_PHDR		6
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_EXECFN	31
#define USER_HZ		100	/* what times() counts in, as Linux tells user space */

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
} Elf64_Phdr;

/* At most this many loadable segments (a static program has four). */
#define MAX_LOAD_SEGMENTS	16

struct load_range {
	unsigned long start, end;	/* page aligned */
	unsigned long prot;
};

static unsigned long elf_prot(u32 p_flags)
{
	return ((p_flags & PF_R) ? PROT_READ : 0) | ((p_flags & PF_W) ? PROT_WRITE : 0) |
	       ((p_flags & PF_X) ? PROT_EXEC : 0);
}

/* Linux's elf_check_arch() and the header checks of load_elf_binary(): -ENOEXEC for anything
 * that is not a 64-bit little-endian x86-64 executable whose program headers fit the file. */
static const Elf64_Phdr *elf_check(const struct linux_binprm *bprm, const Elf64_Ehdr **ehdrp)
{
	const Elf64_Ehdr *eh = bprm->data;

	if (bprm->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, 4))
		return NULL;
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_ident[6] != EV_CURRENT || eh->e_machine != EM_X86_64)
		return NULL;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum ||
	    eh->e_phnum > 65536 / sizeof(Elf64_Phdr))
		return NULL;
	if (eh->e_phoff > bprm->size ||
	    bprm->size - eh->e_phoff < (u64)eh->e_phnum * sizeof(Elf64_Phdr))
		return NULL;
	*ehdrp = eh;
	return (const Elf64_Phdr *)((const char *)bprm->data + eh->e_phoff);
}

/*
 * The page ranges the segments need, in address order. Two segments may share a page (the end
 * of one and the start of the next): that page gets both protections, as Linux's mapping of
 * the same file page twice would allow both accesses where each segment lies.
 */
static int elf_plan(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, size_t file_size,
		    struct load_range *r, int *nr)
{
	unsigned long prev_end = 0;

	*nr = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		unsigned long start, end, prot;

		if (ph[i].p_type == PT_INTERP)
			return -ENOEXEC;	/* a dynamic program: there is no ld.so here */
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_offset > file_size ||
		    file_size - ph[i].p_offset < ph[i].p_filesz ||
		    ph[i].p_vaddr >= TASK_SIZE_MAX ||
		    TASK_SIZE_MAX - ph[i].p_vaddr < ph[i].p_memsz || ph[i].p_vaddr < mmap_min_addr)
			return -ENOEXEC;
		start = ph[i].p_vaddr & PAGE_MASK;
		end = PAGE_ALIGN(ph[i].p_vaddr + ph[i].p_memsz);
		prot = elf_prot(ph[i].p_flags);
		if (start < prev_end) {
			struct load_range *last = &r[*nr - 1];

			if (start < last->start || start + PAGE_SIZE != prev_end)
				return -ENOEXEC;	/* out of order, or overlapping by more */
			if (*nr + 2 > MAX_LOAD_SEGMENTS)
				return -ENOEXEC;
			last->end -= PAGE_SIZE;
			if (last->end == last->start)
				(*nr)--;
			r[(*nr)++] = (struct load_range){ start, prev_end, prot | (last->prot) };
			start = prev_end;
		}
		if (start < end) {
			if (*nr == MAX_LOAD_SEGMENTS)
				return -ENOEXEC;
			r[(*nr)++] = (struct load_range){ start, end, prot };
		}
		prev_end = end;
	}
	return *nr ? 0 : -ENOEXEC;
}

/* Push @len bytes below bprm->p on the stack being built; the user address they will have. */
static unsigned long stack_push(struct linux_binprm *bprm, const void *src, size_t len)
{
	bprm->p -= len;
	memcpy(bprm->page + (bprm->p - bprm->page_base), src, len);
	return bprm->p;
}

/*
 * Linux's create_elf_tables(): below the strings exec copied, the platform name and 16 random
 * bytes, then (16-byte aligned, as the ABI requires of the stack pointer at the entry point)
 * argc, argv[], NULL, envp[], NULL and the auxiliary vector. Returns the stack pointer.
 */
static unsigned long create_elf_tables(struct linux_binprm *bprm, const Elf64_Ehdr *eh,
				       unsigned long phdr_addr)
{
	static const char platform[] = "x86_64";
	unsigned long u_platform, u_rand, sp, *out, str;
	unsigned long auxv[2 * 20], random[2];
	unsigned int n = 0, items;
	u32 a, b, c, d;

	u_platform = stack_push(bprm, platform, sizeof(platform));
	random[0] = rdtsc() * 0x9e3779b97f4a7c15ULL;
	random[1] = (unsigned long)bprm ^ rdtsc();
	u_rand = stack_push(bprm, random, sizeof(random));
	cpuid(1, &a, &b, &c, &d);

#define NEW_AUX_ENT(id, val) do { auxv[n++] = (id); auxv[n++] = (val); } while (0)
	NEW_AUX_ENT(AT_HWCAP, d);
	NEW_AUX_ENT(AT_PAGESZ, PAGE_SIZE);
	NEW_AUX_ENT(AT_CLKTCK, USER_HZ);
	NEW_AUX_ENT(AT_PHDR, phdr_addr);
	NEW_AUX_ENT(AT_PHENT, sizeof(Elf64_Phdr));
	NEW_AUX_ENT(AT_PHNUM, eh->e_phnum);
	NEW_AUX_ENT(AT_BASE, 0);
	NEW_AUX_ENT(AT_FLAGS, 0);
	NEW_AUX_ENT(AT_ENTRY, eh->e_entry);
	NEW_AUX_ENT(AT_UID, 0);
	NEW_AUX_ENT(AT_EUID, 0);
	NEW_AUX_ENT(AT_GID, 0);
	NEW_AUX_ENT(AT_EGID, 0);
	NEW_AUX_ENT(AT_SECURE, 0);
	NEW_AUX_ENT(AT_RANDOM, u_rand);
	NEW_AUX_ENT(AT_EXECFN, bprm->exec);
	NEW_AUX_ENT(AT_PLATFORM, u_platform);
	NEW_AUX_ENT(AT_NULL, 0);
#undef NEW_AUX_ENT

	items = 1 + bprm->argc + 1 + bprm->envc + 1 + n;
	sp = (bprm->p - items * sizeof(unsigned long)) & ~15UL;
	bprm->p = sp;
	out = (unsigned long *)(bprm->page + (sp - bprm->page_base));
	*out++ = bprm->argc;
	/* The strings lie from the top of the stack down: argv's first, then envp's (exec copied
	 * envp, then argv, below the file name). Walk them upwards. */
	str = bprm->mm->arg_start;
	for (int i = 0; i < bprm->argc + bprm->envc; i++) {
		if (i == bprm->argc)
			*out++ = 0;
		*out++ = str;
		str += strlen(bprm->page + (str - bprm->page_base)) + 1;
	}
	*out++ = 0;
	memcpy(out, auxv, n * sizeof(unsigned long));
	return sp;
}

/**
 * load_elf_binary - map a static x86-64 executable into bprm->mm and start it
 * @bprm: the program, its new mm and its stack image (strings already on it)
 *
 * Everything is built in the new mm before begin_new_exec() makes it current's: a failure
 * before that returns an error to the execve() caller, whose old program is untouched.
 *
 * Context: process context, may sleep. Return: 0 (the task now runs the program on its
 * return to user mode), -ENOEXEC (not a static x86-64 ELF executable), -ENOMEM, or an error
 * from begin_new_exec().
 */
int load_elf_binary(struct linux_binprm *bprm)
{
	struct load_range r[MAX_LOAD_SEGMENTS];
	struct mm_struct *mm = bprm->mm;
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	unsigned long phdr_addr = 0, end_code = 0, start_data = ~0UL, end_data = 0;
	unsigned long start_code = ~0UL, brk = 0, sp, ret;
	int nr, err;

	ph = elf_check(bprm, &eh);
	if (!ph || (eh->e_type != ET_EXEC))
		return -ENOEXEC;
	err = elf_plan(eh, ph, bprm->size, r, &nr);
	if (err)
		return err;
	for (int i = 0; i < nr; i++) {
		ret = vm_mmap(mm, r[i].start, r[i].end - r[i].start, r[i].prot,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
		if (IS_ERR_VALUE(ret))
			return ret;
		/* The segment's origin, for fault reports (" in NAME[start+size]"). */
		mutex_lock(&mm->mmap_lock);
		find_vma(mm, r[i].start)->vm_file = bprm->file;
		mutex_unlock(&mm->mmap_lock);
	}
	for (int i = 0; i < eh->e_phnum; i++) {
		unsigned long v = ph[i].p_vaddr;

		if (ph[i].p_type == PT_PHDR)
			phdr_addr = v;
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		if (!phdr_addr && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff - ph[i].p_offset < ph[i].p_filesz)
			phdr_addr = v + eh->e_phoff - ph[i].p_offset;
		if (ph[i].p_filesz &&
		    access_remote_vm(mm, v, (void *)((const char *)bprm->data + ph[i].p_offset),
				     ph[i].p_filesz, FOLL_WRITE | FOLL_FORCE) !=
		    (int)ph[i].p_filesz)
			return -ENOMEM;
		if (ph[i].p_flags & PF_X) {
			start_code = min(start_code, v);
			end_code = max(end_code, v + ph[i].p_filesz);
		} else {
			start_data = min(start_data, v);
			end_data = max(end_data, v + ph[i].p_filesz);
		}
		brk = max(brk, (unsigned long)PAGE_ALIGN(v + ph[i].p_memsz));
	}
	sp = create_elf_tables(bprm, eh, phdr_addr);
	/* The stack image: from the table down at sp to the top of the stack. */
	if (access_remote_vm(mm, sp, bprm->page + (sp - bprm->page_base), STACK_TOP - sp,
			     FOLL_WRITE) != (int)(STACK_TOP - sp))
		return -ENOMEM;
	mm->start_code = start_code == ~0UL ? 0 : start_code;
	mm->end_code = end_code;
	mm->start_data = start_data == ~0UL ? 0 : start_data;
	mm->end_data = end_data;
	mm->start_brk = mm->brk = brk;
	mm->start_stack = sp;

	err = begin_new_exec(bprm);
	if (err)
		return err;
	setup_new_exec(bprm);
	start_thread(task_pt_regs(current), eh->e_entry, sp);
	return 0;
}
