/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * xdpcount: definitions shared by the XDP program and the user-space reader
 * of its maps. Lives in include/ so it is found only through "-I include"
 * (BPF Forge: send it as filename=include/common.h with include=include).
 */
#ifndef __XDPCOUNT_COMMON_H
#define __XDPCOUNT_COMMON_H

/* vmlinux.h carries types only, no #defines: EtherType values from
 * <linux/if_ether.h>. Guarded so user space may include both. */
#ifndef ETH_P_IP
#define ETH_P_IP	0x0800
#endif
#ifndef ETH_P_IPV6
#define ETH_P_IPV6	0x86DD
#endif
#ifndef ETH_P_8021Q
#define ETH_P_8021Q	0x8100
#endif
#ifndef ETH_P_8021AD
#define ETH_P_8021AD	0x88A8
#endif

/* VLAN tags (802.1Q / 802.1ad) skipped before the L3 header */
#define XDPCOUNT_MAX_VLAN	2

/* proto_stats: PERCPU_ARRAY indexed by the IP protocol number
 * (IPv4 iphdr.protocol, IPv6 ipv6hdr.nexthdr: the first next header, so IPv6
 * extension headers count as themselves, e.g. 0 = hop-by-hop, 44 = fragment). */
#define XDPCOUNT_MAX_PROTO	256

/* l3_stats: PERCPU_ARRAY indexed by these */
#define XDPCOUNT_L3_IPV4	0
#define XDPCOUNT_L3_IPV6	1
#define XDPCOUNT_L3_OTHER	2	/* non-IP EtherType */
#define XDPCOUNT_L3_TRUNC	3	/* frame too short for the headers it announces */
#define XDPCOUNT_L3_MAX		4

/* One value per CPU: user space sums the per-CPU copies. */
struct datarec {
	__u64 packets;
	__u64 bytes;
};

#endif /* __XDPCOUNT_COMMON_H */
