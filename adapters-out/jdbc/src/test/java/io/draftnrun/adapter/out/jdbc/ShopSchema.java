package io.draftnrun.adapter.out.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small shop: customers, products, orders referencing both; created through a plain read-write connection. */
final class ShopSchema {
    static final List<String> TABLES = List.of("customers", "products", "orders");

    private ShopSchema() {}

    static void create(Connection connection, boolean postgres) throws SQLException {
        create(connection, postgres ? "serial" : "integer");
    }

    /** With {@code serial} the type of generated ids: serial (PostgreSQL), integer (SQLite), AUTO_INCREMENT (MySQL). */
    static void create(Connection connection, String serial) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE customers (id " + serial + " PRIMARY KEY, name varchar(100) NOT NULL, email"
                    + " varchar(200))");
            s.execute("CREATE TABLE products (id " + serial + " PRIMARY KEY, name varchar(100) NOT NULL, price"
                    + " numeric(10,2) NOT NULL)");
            s.execute(
                    "CREATE TABLE orders (id " + serial + " PRIMARY KEY, customer_id integer NOT NULL REFERENCES"
                            + " customers(id), product_id integer NOT NULL REFERENCES products(id), quantity integer NOT NULL)");
            s.execute("INSERT INTO customers (name, email) VALUES ('Ada Lovelace', 'ada@example.com'),"
                    + " ('Grace Hopper', 'grace@example.com'), ('Alan | Turing', NULL)");
            s.execute("INSERT INTO products (name, price) VALUES ('Keyboard', 49.90), ('Mouse', 19.50)");
            s.execute("INSERT INTO orders (customer_id, product_id, quantity) VALUES (1, 1, 1), (1, 2, 2), (2, 2, 5)");
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    static Map<String, Long> counts(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    static final List<String> WRITES = List.of(
            "INSERT INTO orders (customer_id, product_id, quantity) VALUES (2, 1, 9)",
            "UPDATE orders SET quantity = 0",
            "DELETE FROM orders",
            "DROP TABLE orders",
            "COPY orders TO '/tmp/draftnrun-orders.csv'",
            "SELECT 1; DELETE FROM orders",
            "SELECT 'x;y'; DELETE FROM orders -- ';",
            "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d",
            "SELECT * INTO orders_copy FROM orders",
            "TRUNCATE orders",
            "SELECT nextval('orders_id_seq')");
}
