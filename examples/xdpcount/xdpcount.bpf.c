// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * xdpcount: count packets and bytes per IP protocol at the XDP hook.
 *
 * Parses Ethernet (skipping up to two VLAN tags), then IPv4 or IPv6, with the
 * bounds checks the verifier demands before every header access, counts into
 * per-CPU arrays (no atomics needed) and always returns XDP_PASS: it observes,
 * never drops.
 *
 * Attach: to a network device, e.g. `bpftool net attach xdp pinned
 * /sys/fs/bpf/xdpcount/xdp_count dev eth0`, or with libbpf
 * bpf_program__attach_xdp(prog, ifindex).
 *
 * Kernel: 4.8+ for XDP (native mode needs driver support, generic XDP works on
 * any device); -mcpu=v3 objects need 5.1+.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "common.h"	/* from include/: needs -I include */

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XDPCOUNT_MAX_PROTO);
	__type(key, __u32);
	__type(value, struct datarec);
} proto_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XDPCOUNT_L3_MAX);
	__type(key, __u32);
	__type(value, struct datarec);
} l3_stats SEC(".maps");

static __always_inline void count(void *map, __u32 key, __u64 bytes)
{
	struct datarec *rec = bpf_map_lookup_elem(map, &key);

	if (rec) {
		/* per-CPU value: only this CPU writes it, plain adds are enough */
		rec->packets++;
		rec->bytes += bytes;
	}
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u64 bytes = data_end - data;
	struct ethhdr *eth = data;
	void *cursor;
	__u16 h_proto;
	__u32 proto;
	int i;

	if ((void *)(eth + 1) > data_end) {
		count(&l3_stats, XDPCOUNT_L3_TRUNC, bytes);
		return XDP_PASS;
	}
	h_proto = eth->h_proto;
	cursor = eth + 1;

#pragma unroll
	for (i = 0; i < XDPCOUNT_MAX_VLAN; i++) {
		struct vlan_hdr *vh = cursor;

		if (h_proto != bpf_htons(ETH_P_8021Q) && h_proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > data_end) {
			count(&l3_stats, XDPCOUNT_L3_TRUNC, bytes);
			return XDP_PASS;
		}
		h_proto = vh->h_vlan_encapsulated_proto;
		cursor = vh + 1;
	}

	if (h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = cursor;

		if ((void *)(iph + 1) > data_end) {
			count(&l3_stats, XDPCOUNT_L3_TRUNC, bytes);
			return XDP_PASS;
		}
		proto = iph->protocol;
		count(&l3_stats, XDPCOUNT_L3_IPV4, bytes);
	} else if (h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6h = cursor;

		if ((void *)(ip6h + 1) > data_end) {
			count(&l3_stats, XDPCOUNT_L3_TRUNC, bytes);
			return XDP_PASS;
		}
		proto = ip6h->nexthdr;
		count(&l3_stats, XDPCOUNT_L3_IPV6, bytes);
	} else {
		count(&l3_stats, XDPCOUNT_L3_OTHER, bytes);
		return XDP_PASS;
	}

	count(&proto_stats, proto, bytes);
	return XDP_PASS;
}
