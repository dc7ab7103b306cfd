package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.out.jdbc.ReadOnlyStatementGuard.Verdict;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Layer 1 alone, without a database: what the allow-list accepts and refuses, and why. */
class ReadOnlyStatementGuardTest {
    private static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();
    private static final ReadOnlyStatementGuard GUARD = new ReadOnlyStatementGuard(EXECUTOR);

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    private static Verdict pg(String sql) {
        return GUARD.check(Dialect.POSTGRESQL, sql);
    }

    private static String reason(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused) verdict).reason();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "select name, email from customers where lower(name) like '%ada%' order by name limit 5",
                "SELECT 1;",
                "SELECT c.name, count(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.name",
                "WITH big AS (SELECT * FROM orders WHERE quantity > 2) SELECT count(*) FROM big",
                "WITH n(i) AS (SELECT 1) SELECT i FROM n",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5), m(j) AS (SELECT 2)"
                        + " SELECT * FROM n, m",
                "SELECT 'a;b; DELETE FROM orders' AS text",
                "SELECT 1 /* ; DROP TABLE orders */",
                "SELECT id FROM orders UNION ALL SELECT id FROM customers",
                "VALUES (1, 'a'), (2, 'b')",
                "TABLE orders",
                "SELECT * FROM (SELECT id FROM products) p WHERE id IN (SELECT product_id FROM orders)",
                "SELECT g FROM generate_series(1, 10) AS g(n)",
                "SELECT x.a FROM (VALUES (1), (2)) AS x(a)",
                "SELECT sum(quantity) OVER (PARTITION BY customer_id ORDER BY id) FROM orders",
                "SELECT json_agg(json_build_object('id', id, 'name', name)) FROM customers",
                "SELECT pg_catalog.lower(name) FROM customers",
                "SELECT CAST(price AS numeric(10,2)), price::text, date_trunc('month', now()) FROM products",
                "SELECT count(*) FILTER (WHERE quantity > 1) FROM orders",
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY price) FROM products",
                "SELECT $$it's$$ AS t, E'a\\nb' AS u",
                "SELECT \"lower\"(name) FROM customers",
            })
    void acceptsPlainReads(String sql) {
        assertThat(pg(sql)).as(sql).isInstanceOf(Verdict.Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "INSERT INTO orders(id) VALUES (99)",
                "UPDATE orders SET quantity = 0",
                "DELETE FROM orders",
                "DROP TABLE orders",
                "COPY orders TO '/tmp/orders.csv'",
                "CALL do_things()",
                "DO $$ BEGIN DELETE FROM orders; END $$",
                "SET statement_timeout = 0",
                "SELECT 1; DELETE FROM orders",
                "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d",
                "SELECT * INTO orders_copy FROM orders",
                "SELECT * FROM orders FOR UPDATE",
                "SELECT * FROM orders FOR SHARE",
                "SELECT lo_import('/etc/passwd')",
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT U&\"pg\\005fread\\005ffile\"('/etc/hostname')",
                "SELECT U&\"pg!005fread!005ffile\" UESCAPE '!' ('/etc/hostname')",
                "select * from ts_stat('select to_tsvector(db'||'link_exec(''host=h dbname=v user=u'',''insert into"
                        + " items values(1)''))')",
                "SELECT nextval('orders_id_seq')",
                "SELECT \"NEXTVAL\"('orders_id_seq')",
                "SELECT public.lower(name) FROM customers",
                "SELECT evil(1)",
                "SELECT pg_sleep(5)",
                "SELECT set_config('transaction_read_only', 'off', false)",
                "SELECT $q$x$q$, pg_read_file('/etc/passwd')",
                "SELECT 1 /* nested /* */ , pg_read_file('/etc/passwd') -- */ , pg_read_file('/etc/passwd')",
                "SELECT evil(a) FROM (SELECT 1 a) evil(a)",
                "EXPLAIN ANALYZE DELETE FROM orders",
                "",
                "-- only a comment",
            })
    void refusesAnythingButOnePlainRead(String sql) {
        assertThat(pg(sql)).as(sql).isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void explainsWhyInWordsTheModelCanActOn() {
        assertThat(reason(pg("SELECT 1; DELETE FROM orders"))).contains("only one statement");
        assertThat(reason(pg("WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d")))
                .contains("DELETE is not allowed");
        assertThat(reason(pg("DELETE FROM orders"))).contains("only read queries");
        assertThat(reason(pg("SELECT evil(1)"))).contains("calling evil() is not allowed");
        assertThat(reason(pg("SELECT U&\"pg\\005fread\\005ffile\"('/etc/hostname')")))
                .contains("pg_read_file");
    }

    @Test
    void readsNestedCommentsAsPostgresqlDoes() {
        assertThat(pg("SELECT 1 /* nested /* */ , pg_read_file('/etc/passwd') -- */"))
                .isEqualTo(new Verdict.Accepted("SELECT 1"));
    }

    @Test
    void sendsTheCanonicalTextWithoutCommentsOrEscapes() {
        assertThat(pg("SELECT /* hi */ U&\"l\\006fwer\"(E'A\\'B') -- end"))
                .isEqualTo(new Verdict.Accepted("SELECT \"lower\"('A''B')"));
    }

    @Test
    void readsMySqlAndSqliteTheirOwnWay() {
        assertThat(GUARD.check(Dialect.MARIADB, "SELECT `name`, 'it\\'s' FROM customers"))
                .isInstanceOf(Verdict.Accepted.class);
        assertThat(reason(GUARD.check(Dialect.MARIADB, "SELECT 1 /*!50000 , LOAD_FILE('/etc/passwd') */")))
                .contains("executable comments");
        // MySQL reads 'a\\' as the string a\, so the call that follows is real
        assertThat(reason(GUARD.check(Dialect.MARIADB, "SELECT 'a\\\\' , load_file('/etc/passwd') -- '")))
                .contains("load_file");
        assertThat(reason(GUARD.check(Dialect.MARIADB, "SELECT @a := 1"))).contains("variables");
        assertThat(reason(GUARD.check(Dialect.SQLITE, "SELECT load_extension('x')")))
                .contains("load_extension");
        assertThat(GUARD.check(Dialect.SQLITE, "SELECT [name] FROM customers")).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void refusesOverlongText() {
        assertThat(pg("SELECT " + "1 + ".repeat(20_000) + "1")).isInstanceOf(Verdict.Refused.class);
    }
}
