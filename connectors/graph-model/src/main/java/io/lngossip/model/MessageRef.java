package io.lngossip.model;

import io.lngossip.codec.GossipId;

/** A message by reference, with what it takes to place it in an answer. Answers list refs; bytes are fetched by id. */
public sealed interface MessageRef permits ChannelRef, UpdateRef, NodeRef {
    GossipId id();
}
