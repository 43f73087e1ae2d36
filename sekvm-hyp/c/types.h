/* Fixed-width integer types for the freestanding hypervisor core. */
#ifndef SEKVM_TYPES_H
#define SEKVM_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#endif
