package io.lngossip.codec;

/** BOLT #7 message type numbers. */
public final class MessageType {
    public static final int CHANNEL_ANNOUNCEMENT = 256;
    public static final int NODE_ANNOUNCEMENT = 257;
    public static final int CHANNEL_UPDATE = 258;

    private MessageType() {}

    public static boolean isGossip(int type) {
        return type == CHANNEL_ANNOUNCEMENT || type == NODE_ANNOUNCEMENT || type == CHANNEL_UPDATE;
    }

    public static String name(int type) {
        return switch (type) {
            case CHANNEL_ANNOUNCEMENT -> "channel_announcement";
            case NODE_ANNOUNCEMENT -> "node_announcement";
            case CHANNEL_UPDATE -> "channel_update";
            default -> "type_" + type;
        };
    }
}
