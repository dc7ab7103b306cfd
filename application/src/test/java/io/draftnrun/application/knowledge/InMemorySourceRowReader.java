package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.SourceRowReader;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tables in memory, by database URL then table name; rows by id (comparable: numbers or text), each a map of column
 * values. An unknown URL behaves as a database that refuses connections, an unknown table or column as missing.
 */
public final class InMemorySourceRowReader implements SourceRowReader {
    private final Map<String, Map<String, TreeMap<Comparable<Object>, Map<String, Object>>>> databases =
            new ConcurrentHashMap<>();
    public final AtomicInteger pages = new AtomicInteger();

    /** Inserts or replaces a row. */
    @SuppressWarnings("unchecked")
    public synchronized void put(String url, String table, Object id, Map<String, Object> values) {
        databases
                .computeIfAbsent(url, u -> new ConcurrentHashMap<>())
                .computeIfAbsent(table, t -> new TreeMap<>())
                .put((Comparable<Object>) id, new LinkedHashMap<>(values));
    }

    public synchronized void delete(String url, String table, Object id) {
        databases.get(url).get(table).remove(id);
    }

    /** Creates an empty table. */
    public synchronized void create(String url, String table) {
        databases.computeIfAbsent(url, u -> new ConcurrentHashMap<>()).computeIfAbsent(table, t -> new TreeMap<>());
    }

    @Override
    public synchronized long count(String databaseUrl, DatabaseSourceSettings table) {
        return rows(databaseUrl, table).size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized List<SourceRow> page(
            String databaseUrl, DatabaseSourceSettings table, Optional<Object> after, int limit) {
        pages.incrementAndGet();
        TreeMap<Comparable<Object>, Map<String, Object>> rows = rows(databaseUrl, table);
        var tail = after.isEmpty() ? rows : rows.tailMap((Comparable<Object>) after.get(), false);
        List<SourceRow> page = new ArrayList<>();
        for (var entry : tail.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            List<String> columns = new ArrayList<>(table.textColumns());
            columns.addAll(table.metadataColumns());
            table.timestampColumn().ifPresent(columns::add);
            for (String column : columns) {
                if (!entry.getValue().containsKey(column)) {
                    throw new DomainException(
                            ErrorCode.FAILED_PRECONDITION, "the table " + table.table() + " has no column " + column);
                }
                values.put(column, entry.getValue().get(column));
            }
            page.add(new SourceRow(entry.getKey(), values));
        }
        return page;
    }

    private TreeMap<Comparable<Object>, Map<String, Object>> rows(String url, DatabaseSourceSettings table) {
        var database = databases.get(url);
        if (database == null) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION, "could not connect to the database: Connection refused");
        }
        var rows = database.get(table.table());
        if (rows == null) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION, "the table " + table.table() + " does not exist in the database");
        }
        return rows;
    }
}
