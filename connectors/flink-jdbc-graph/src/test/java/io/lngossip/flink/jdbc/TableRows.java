package io.lngossip.flink.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/** What the sink tests read back: a query's rows as {@code a|b|c} strings, byte arrays in hex. */
final class TableRows {
    private static final HexFormat HEX = HexFormat.of();

    private TableRows() {}

    static List<String> rows(DataSource db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    sb.append(i > 1 ? "|" : "").append(v instanceof byte[] b ? HEX.formatHex(b) : String.valueOf(v));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** A 32-byte id whose first byte is {@code firstByte}, the rest zero. */
    static byte[] id(int firstByte) {
        byte[] b = new byte[32];
        b[0] = (byte) firstByte;
        return b;
    }
}
