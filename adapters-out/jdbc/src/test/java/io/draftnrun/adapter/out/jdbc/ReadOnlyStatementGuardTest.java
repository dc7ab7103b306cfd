package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlyStatementGuardTest {
    private static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();
    private static final ReadOnlyStatementGuard GUARD = new ReadOnlyStatementGuard(EXECUTOR);

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "select name, email from customers where lower(name) like '%ada%' order by name limit 5",
                "SELECT 1;",
                "SELECT c.name, count(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.name",
                "WITH big AS (SELECT * FROM orders WHERE quantity > 2) SELECT count(*) FROM big",
                "SELECT 'a;b; DELETE FROM orders' AS text",
                "SELECT 1 /* ; DROP TABLE orders */",
                "SELECT id FROM orders UNION ALL SELECT id FROM customers",
                "VALUES (1, 'a'), (2, 'b')",
                "SELECT pg_sleep(5)",
                "SELECT * FROM (SELECT id FROM products) p WHERE id IN (SELECT product_id FROM orders)",
                "SELECT currval('orders_id_seq') IS NULL"
            })
    void acceptsPlainReads(String sql) {
        assertThat(GUARD.refusal(sql)).as(sql).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "INSERT INTO orders(id) VALUES (99)",
                "UPDATE orders SET quantity = 0",
                "DELETE FROM orders",
                "DROP TABLE orders",
                "ALTER TABLE orders ADD COLUMN x int",
                "CREATE TABLE x (id int)",
                "TRUNCATE orders",
                "GRANT ALL ON orders TO public",
                "COPY orders TO '/tmp/orders.csv'",
                "CALL do_things()",
                "DO $$ BEGIN DELETE FROM orders; END $$",
                "SET statement_timeout = 0",
                "MERGE INTO orders o USING products p ON o.product_id = p.id WHEN MATCHED THEN DELETE",
                "SELECT 1; DELETE FROM orders",
                "SELECT 1;DELETE FROM orders;",
                "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d",
                "WITH u AS (UPDATE orders SET quantity = 0 RETURNING id) SELECT count(*) FROM u",
                "SELECT * INTO orders_copy FROM orders",
                "SELECT * FROM orders FOR UPDATE",
                "SELECT * FROM orders FOR SHARE",
                "SELECT * FROM (SELECT * FROM orders FOR UPDATE) o",
                "SELECT lo_import('/etc/passwd')",
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT pg_catalog.pg_read_binary_file('/etc/passwd')",
                "SELECT * FROM dblink('host=evil', 'DELETE FROM orders') AS t(x int)",
                "SELECT nextval('orders_id_seq')",
                "SELECT \"nextval\"('orders_id_seq')",
                "SELECT nextval /* hidden */ ('orders_id_seq')",
                "SELECT setval('orders_id_seq', 1)",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity",
                "SELECT id FROM orders WHERE id IN (SELECT pg_cancel_backend(1))",
                "SELECT set_config('transaction_read_only', 'off', false)",
                "SELECT pg_advisory_lock(1)",
                "SELECT query_to_xml('DELETE FROM orders', true, true, '')",
                "SELECT load_file('/etc/passwd')",
                "SELECT load_extension('evil')",
                "SELECT * FROM t INTO OUTFILE '/tmp/x'",
                "EXPLAIN ANALYZE DELETE FROM orders",
                "ATTACH DATABASE '/tmp/x.db' AS x",
                "PRAGMA writable_schema = 1",
                "",
                "   ",
                "-- only a comment"
            })
    void refusesAnythingButOnePlainRead(String sql) {
        assertThat(GUARD.refusal(sql)).as(sql).isPresent();
    }

    @org.junit.jupiter.api.Test
    void explainsWhyInWordsTheModelCanActOn() {
        assertThat(GUARD.refusal("SELECT 1; DELETE FROM orders"))
                .hasValueSatisfying(r -> assertThat(r).contains("only one statement"));
        assertThat(GUARD.refusal("WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d"))
                .hasValueSatisfying(r -> assertThat(r).contains("WITH clause"));
        assertThat(GUARD.refusal("SELECT * INTO t2 FROM orders"))
                .hasValueSatisfying(r -> assertThat(r).contains("INTO"));
        assertThat(GUARD.refusal("DELETE FROM orders"))
                .hasValueSatisfying(r -> assertThat(r).contains("only read queries"));
        assertThat(GUARD.refusal("SELECT nextval('s')"))
                .hasValueSatisfying(r -> assertThat(r).contains("nextval()"));
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongText() {
        assertThat(GUARD.refusal("SELECT " + "1 + ".repeat(20_000) + "1")).isPresent();
    }
}
