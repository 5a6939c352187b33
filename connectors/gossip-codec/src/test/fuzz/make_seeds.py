#!/usr/bin/env python3
"""Writes the Jazzer seed corpora (regression inputs) from the real samples in ../shared/data.

Run from the repository root: python3 connectors/gossip-codec/src/test/fuzz/make_seeds.py [SHARED_DATA_DIR]
The outputs are checked in; rerun only to change the seeds. Each seed is small: a few real messages, a file head, a
store head, and damaged copies of them (truncated, unknown type, wrong chain, bad lengths, bad crc, torn tails).
"""
import bz2
import gzip
import os
import struct
import sys

ROOT = os.getcwd()
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'shared', 'data')
CODEC = os.path.join(ROOT, 'connectors/gossip-codec/src/test/resources/io/lngossip/codec')
QUERY = os.path.join(ROOT, 'queries/query-service/src/test/resources/io/lngossip/query/http')


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), 'wb') as f:
        f.write(data)


def bigsize(n):
    if n < 0xfd:
        return bytes([n])
    if n < 0x10000:
        return b'\xfd' + n.to_bytes(2, 'big')
    if n < 0x100000000:
        return b'\xfe' + n.to_bytes(4, 'big')
    return b'\xff' + n.to_bytes(8, 'big')


def gsp_frames(path):
    """(offset, message) per frame, read by hand; stops at the first broken frame."""
    d = open(path, 'rb').read()
    i, out = 4, []
    while i < len(d):
        p, b = i, d[i]
        if b < 0xfd:
            n, i = b, i + 1
        elif b == 0xfd:
            n, i = int.from_bytes(d[i + 1:i + 3], 'big'), i + 3
        elif b == 0xfe:
            n, i = int.from_bytes(d[i + 1:i + 5], 'big'), i + 5
        else:
            n, i = int.from_bytes(d[i + 1:i + 9], 'big'), i + 9
        if n == 0 or i + n > len(d):
            break
        out.append((p, d[i:i + n]))
        i += n
    return d, out


def gsp(messages):
    return b'GSP\x01' + b''.join(bigsize(len(m)) + m for m in messages)


def first(frames, pred):
    return next(m for _, m in frames if pred(m))


def typ(m):
    return int.from_bytes(m[:2], 'big')


_, hour17 = gsp_frames(os.path.join(DATA, 'gossip_20250819_17.gsp'))
corrupt_bytes, corrupt = gsp_frames(os.path.join(DATA, 'lnresearch_gossip-20251118-0854_CORRUPT-after-msg1518.gsp'))
store = open(os.path.join(DATA, 'cln_pyln-testdata_mainnet-2021-08_gossip_store.bin'), 'rb').read()

ann = first(hour17, lambda m: typ(m) == 256)
node = first(hour17, lambda m: typ(m) == 257)
upd138 = first(hour17, lambda m: typ(m) == 258 and len(m) == 138)
upd150 = first(hour17, lambda m: typ(m) == 258 and len(m) == 150)
# a 2021 update from the store: record header 12 bytes, then the message
store_upd = store[6991 + 12:6991 + 12 + 138]
wrong_chain = upd138[:66] + bytes(32) + upd138[98:]
no_htlc_max = upd138[:110] + bytes([upd138[110] & 0xfe]) + upd138[111:130]  # message_flags bit 0 off, no htlc_max

d = os.path.join(CODEC, 'GossipCodecFuzzTestInputs', 'decode')
for name, m in [('channel_announcement', ann), ('node_announcement', node), ('channel_update_138', upd138),
                ('channel_update_150_tlv', upd150), ('channel_update_2021', store_upd),
                ('channel_update_130_no_htlc_max', no_htlc_max), ('wrong_chain', wrong_chain),
                ('truncated_update', upd138[:100]), ('truncated_announcement', ann[:300]),
                ('unknown_type', b'\x01\x03' + upd138[2:]), ('one_byte', b'\x01'),
                ('node_bad_flen', node[:66] + b'\xff\xff' + node[68:]),
                ('node_bad_node_id', node[:68 + int.from_bytes(node[66:68], 'big') + 4] + b'\x05'
                 + node[68 + int.from_bytes(node[66:68], 'big') + 5:])]:
    write(d, name, m)

d = os.path.join(CODEC, 'io', 'GspReaderFuzzTestInputs', 'read')
head = gsp([ann, node, upd138, upd150])
write(d, 'hour17_head', head)
write(d, 'hour17_head.gz', gzip.compress(head, mtime=0))
write(d, 'hour17_head.bz2', bz2.compress(head))
# the real break: the last good frames, the junk types and the zero length after them
brk = corrupt[-4][0]
write(d, 'corrupt_break', b'GSP\x01' + corrupt_bytes[brk:brk + 1100])
write(d, 'torn_last_frame', head[:-20])
write(d, 'zero_length', gsp([node]) + b'\x00' + upd138)
write(d, 'non_minimal_length', b'GSP\x01\xfd\x00\x10' + bytes(16))
write(d, 'huge_length', b'GSP\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff' + upd138)
write(d, 'length_over_65535', b'GSP\x01\xfe\x00\x01\x00\x00' + upd138)
write(d, 'version_2', b'GSP\x02' + head[4:])
write(d, 'empty_after_header', b'GSP\x01')

d = os.path.join(CODEC, 'io', 'GossipStoreReaderFuzzTestInputs', 'read')
write(d, 'store_head', store[:1 + 444 + 22 + 444 + 22])      # two announcements, each with its 4101 amount
write(d, 'store_updates_and_deleted', store[:1] + store[6991:6991 + 150] + store[9937:9937 + 150]
      + store[24517:24517 + 444 + 22])
write(d, 'store_delete_chan', store[:1] + store[42653:])
write(d, 'store_torn_tail', store[:1 + 444 + 22 + 300])
write(d, 'store_torn_header', store[:1 + 444 + 5])
bad_crc = bytearray(store[:1 + 444 + 22])
bad_crc[1 + 4] ^= 0xff
write(d, 'store_bad_crc', bytes(bad_crc))
end_of_store = struct.pack('>HHII', 0, 2, 0, 0) + (4105).to_bytes(2, 'big')
write(d, 'store_end_of_store', store[:1 + 444 + 22] + end_of_store + store[1 + 444 + 22:1 + 888 + 44])
write(d, 'store_amount_first', store[:1] + store[445:467] + store[1:445])
write(d, 'store_head.gz', gzip.compress(store[:2000], mtime=0))
write(d, 'version_8', b'\x08' + store[1:467])

d = os.path.join(QUERY, 'ParamsFuzzTestInputs', 'parse')
# fields, one a line: time, maxAge, scid, node_id, format, step
node_id = node[2 + 64 + 2 + int.from_bytes(node[66:68], 'big') + 4:][:33].hex()
for name, lines in [('iso', ['2025-08-19T17:00:00Z', '3600', '534826x1197x0', node_id, 'json', '86400']),
                    ('unix', ['1755626400', 'unbounded', '588042915895017472', node_id.upper(), 'gsp', '3600']),
                    ('offset_fraction', ['2025-08-19T19:00:00.999+02:00', '0', '0x0x0', node_id, 'graph-json', '']),
                    ('bad', ['2025-08-19T17:00:00', '-1', '12:34', '03abc', 'xml', '100']),
                    ('overflow', ['99999999999999999999', '99999999999999999999', '16777216x0x0', 'zz' * 33,
                                  'GRAPHML', '999999999999'])]:
    write(d, name, '\n'.join(lines).encode())
print('seeds written')
