package io.lngossip.bench.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL with {@code :name} parameters, bound positionally: the same value may appear several times, and each
 * occurrence is a plain parameter, so the planner sees constants (a shared {@code WITH p AS (SELECT ?)} would hide
 * them from index conditions).
 */
record NamedSql(String text, String jdbc, List<String> names) {
    private static final Pattern PARAM = Pattern.compile("(?<!:):([a-z][a-z0-9_]*)");

    static NamedSql of(String text) {
        Objects.requireNonNull(text, "text cannot be null");
        Matcher m = PARAM.matcher(text);
        List<String> names = new ArrayList<>();
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(jdbc, "?");
        }
        m.appendTail(jdbc);
        return new NamedSql(text, jdbc.toString(), List.copyOf(names));
    }

    PreparedStatement prepare(Connection c, Map<String, Object> values) throws SQLException {
        PreparedStatement ps = c.prepareStatement(jdbc);
        for (int i = 0; i < names.size(); i++) {
            Object v = values.get(names.get(i));
            if (v == null && !values.containsKey(names.get(i))) {
                ps.close();
                throw new IllegalArgumentException("no value for :" + names.get(i));
            }
            ps.setObject(i + 1, v);
        }
        return ps;
    }
}
