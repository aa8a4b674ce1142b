// SPDX-License-Identifier: GPL-2.0
/*
 * auditlite listeners: read-only subscribers to the records, such as
 * `auditlitectl tail`.
 *
 * A listener subscribes with LISTEN, which needs CAP_AUDIT_READ as the
 * kernel's audit multicast group does (a genetlink multicast group cannot
 * ask for it on 6.1). Each gets a copy of every batch by non-blocking
 * unicast, once the daemon's own delivery of it succeeded, so that it sees
 * each record once; a listener that does not read loses copies, which are
 * counted, and never slows the daemon. Each costs every batch a clone
 * and a send: AUDITLITE_LISTENERS_MAX bounds them.
 */

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/auditlite.h>

#include "listener.h"

/**
 * struct auditlite_listener - one subscribed netlink socket
 * @list: on auditlite_listeners
 * @portid: its port id
 * @drops: records whose copy it did not get (its socket was full or gone)
 * @rcu: for freeing after readers are done
 */
struct auditlite_listener {
	struct list_head list;
	u32 portid;
	atomic64_t drops;
	struct rcu_head rcu;
};

/*
 * NOTE: read under RCU (the drain, status); changed under
 * auditlite_listeners_mutex only, from process context (LISTEN, UNLISTEN,
 * the netlink notifier, unload).
 */
static LIST_HEAD(auditlite_listeners);
static DEFINE_MUTEX(auditlite_listeners_mutex);
static unsigned int auditlite_listeners_count;

static struct auditlite_listener *auditlite_listener_find(u32 portid)
{
	struct auditlite_listener *l;

	list_for_each_entry(l, &auditlite_listeners, list)
		if (l->portid == portid)
			return l;
	return NULL;
}

/**
 * auditlite_listener_add - subscribe a socket to copies of the records
 * @portid: its port id
 * @extack: for the reason of a refusal
 *
 * Context: process.
 * Return: 0 (also when it already listens), -ENOSPC when
 * AUDITLITE_LISTENERS_MAX listen, -ENOMEM.
 */
int auditlite_listener_add(u32 portid, struct netlink_ext_ack *extack)
{
	struct auditlite_listener *l;
	int ret = 0;

	mutex_lock(&auditlite_listeners_mutex);
	if (auditlite_listener_find(portid))
		goto out;
	if (auditlite_listeners_count >= AUDITLITE_LISTENERS_MAX) {
		NL_SET_ERR_MSG(extack, "too many listeners");
		ret = -ENOSPC;
		goto out;
	}
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l) {
		ret = -ENOMEM;
		goto out;
	}
	l->portid = portid;
	list_add_tail_rcu(&l->list, &auditlite_listeners);
	auditlite_listeners_count++;
out:
	mutex_unlock(&auditlite_listeners_mutex);
	return ret;
}

/**
 * auditlite_listener_remove - unsubscribe a socket
 * @portid: its port id
 *
 * Context: process.
 * Return: 0, or -ENOENT if it did not listen.
 */
int auditlite_listener_remove(u32 portid)
{
	struct auditlite_listener *l;

	mutex_lock(&auditlite_listeners_mutex);
	l = auditlite_listener_find(portid);
	if (l) {
		list_del_rcu(&l->list);
		auditlite_listeners_count--;
		kfree_rcu(l, rcu);
	}
	mutex_unlock(&auditlite_listeners_mutex);
	return l ? 0 : -ENOENT;
}

/**
 * auditlite_listener_any - whether a socket listens
 *
 * Context: any.
 * Return: true if one does.
 */
bool auditlite_listener_any(void)
{
	return !list_empty(&auditlite_listeners);
}

/**
 * auditlite_listener_copy - give each listener a copy of a batch
 * @skb: the batch the daemon got, or NULL if no copy could be made
 * @n: records in it, counted as drops for a listener that misses it
 *
 * Context: softirq (the drain).
 */
void auditlite_listener_copy(struct sk_buff *skb, unsigned int n)
{
	struct auditlite_listener *l;
	struct sk_buff *copy;

	rcu_read_lock();
	list_for_each_entry_rcu(l, &auditlite_listeners, list) {
		copy = skb ? skb_clone(skb, GFP_ATOMIC | __GFP_NOWARN) : NULL;
		if (!copy || genlmsg_unicast(&init_net, copy, l->portid))
			atomic64_add(n, &l->drops);
	}
	rcu_read_unlock();
}

/**
 * auditlite_listener_put_status - one AUDITLITE_A_LISTENER nest per listener
 * @msg: the status reply, with room for AUDITLITE_LISTENERS_MAX of them
 *
 * Context: process.
 * Return: 0 or -EMSGSIZE.
 */
int auditlite_listener_put_status(struct sk_buff *msg)
{
	struct auditlite_listener *l;
	struct nlattr *nest;
	int ret = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(l, &auditlite_listeners, list) {
		nest = nla_nest_start(msg, AUDITLITE_A_LISTENER);
		if (!nest ||
		    nla_put_u32(msg, AUDITLITE_LISTENER_A_PORTID, l->portid) ||
		    nla_put_u64_64bit(msg, AUDITLITE_LISTENER_A_DROPS,
				      atomic64_read(&l->drops),
				      AUDITLITE_LISTENER_A_PAD)) {
			ret = -EMSGSIZE;
			break;
		}
		nla_nest_end(msg, nest);
	}
	rcu_read_unlock();
	return ret;
}

/**
 * auditlite_listener_exit - forget every listener
 *
 * Context: process, at unload, once nothing sends or asks any more.
 */
void auditlite_listener_exit(void)
{
	struct auditlite_listener *l, *tmp;

	mutex_lock(&auditlite_listeners_mutex);
	list_for_each_entry_safe(l, tmp, &auditlite_listeners, list) {
		list_del_rcu(&l->list);
		kfree_rcu(l, rcu);
	}
	auditlite_listeners_count = 0;
	mutex_unlock(&auditlite_listeners_mutex);
}
