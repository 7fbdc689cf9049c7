package dev.socialrec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with only the Bolt connector, bound to loopback, so the service and its
 * tests get a real Neo4j without Docker or a server install.
 *
 * Environment: NEO4J_BOLT_PORT (default 7687), NEO4J_DATA_DIR (default ./data/neo4j),
 * NEO4J_PAGECACHE_MB (default 512), NEO4J_SERVICE_PASSWORD (required: authentication is on, and the
 * built-in user neo4j gets this password at every start; the service generates it into its data folder).
 * Prints "READY bolt://127.0.0.1:PORT" once Bolt accepts connections; SIGTERM or SIGINT shuts the
 * database down cleanly (checkpoint, then exit 0).
 */
public final class LocalNeo4j {
    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(env("NEO4J_BOLT_PORT", "7687"));
        Path home = Path.of(env("NEO4J_DATA_DIR", "data/neo4j")).toAbsolutePath();
        long pageCacheMb = Long.parseLong(env("NEO4J_PAGECACHE_MB", "512"));
        String password = env("NEO4J_SERVICE_PASSWORD", "");
        if (password.length() < 8) {
            System.err.println("NEO4J_SERVICE_PASSWORD must be set to at least 8 characters");
            System.exit(2);
        }
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            try {
                dbms.shutdown();
            } finally {
                System.out.println("STOPPED");
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).isAvailable(60_000);
            setPassword(dbms, password);
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(60_000);
        } catch (RuntimeException e) {
            // Neo4j's own threads would keep the JVM alive after main fails: exit, so the caller sees it.
            System.err.println("Local Neo4j failed to start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    /**
     * Embedded code runs with full rights. Until this runs, the default password allows nothing but a
     * password change, and Bolt listens on loopback only. On a restart the password is usually already
     * this one, which Neo4j refuses to "change" to itself: that refusal is the state we want.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                    .executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) throw e;
        }
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
