/* A small two-level page table, the example that `scripts/main.sh` converts to Coq. */
typedef unsigned long u64;
typedef unsigned int u32;

#define ENTRIES 16
#define VALID 1UL
#define PAGE_SHIFT 12

static u64 root[ENTRIES];
static u64 leaves[ENTRIES][ENTRIES];

/* Index of the level-`level` entry for virtual address `va` (level 0 = root). */
u32 pt_index(u64 va, u32 level) {
    u32 shift = PAGE_SHIFT + 4 * (1 - level);
    return (u32)((va >> shift) & (ENTRIES - 1));
}

/* Maps `va` to physical frame `pfn`; returns 0, or -1 if already mapped. */
int pt_map(u64 va, u64 pfn) {
    u32 i = pt_index(va, 0), j = pt_index(va, 1);
    if (!(root[i] & VALID))
        root[i] = ((u64)i << PAGE_SHIFT) | VALID;
    if (leaves[i][j] & VALID)
        return -1;
    leaves[i][j] = (pfn << PAGE_SHIFT) | VALID;
    return 0;
}

/* The frame `va` maps to, or 0 if unmapped. */
u64 pt_walk(u64 va) {
    u32 i = pt_index(va, 0), j = pt_index(va, 1);
    if (!(root[i] & VALID) || !(leaves[i][j] & VALID))
        return 0;
    return leaves[i][j] >> PAGE_SHIFT;
}

/* Unmaps every page of root entry `i`; returns how many were mapped. */
u32 pt_clear(u32 i) {
    u32 n = 0;
    if (i >= ENTRIES)
        return 0;
    for (u32 j = 0; j < ENTRIES; j++) {
        if (!(leaves[i][j] & VALID))
            continue;
        leaves[i][j] = 0;
        n++;
    }
    return n;
}
