package io.auditq.fleet.run;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Spark session of one auditq fleet command: embedded in local mode by default (all cores, no web UI, bound
 * to 127.0.0.1: nothing listens beyond this machine), or a real cluster's master. Under spark-submit the master
 * and settings spark-submit gives win.
 */
public final class FleetSession {
    /** The master when none is given: this machine, every core. */
    public static final String LOCAL = "local[*]";

    private FleetSession() {
    }

    /** The master given with --master, else spark-submit's, else local mode. */
    public static String master(String asked) {
        if (asked != null) {
            return asked;
        }
        String submitted = System.getProperty("spark.master");
        return submitted != null ? submitted : LOCAL;
    }

    public static SparkSession start(String master) {
        boolean local = master.startsWith("local");
        SparkSession.Builder b = SparkSession.builder().appName("auditq fleet").master(master)
                .config("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"))
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                // a host is one partition and one task; a fleet's answer is small next to its logs
                .config("spark.sql.shuffle.partitions", System.getProperty("spark.sql.shuffle.partitions", "8"));
        if (local) {
            b.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
        } else {
            Path jar = ownJar();
            if (jar != null && System.getProperty("spark.jars") == null) {
                // the executors run auditq's own code: the fleet jar (auditq and its libraries, not Spark) goes to them
                b.config("spark.jars", jar.toUri().toString());
            }
        }
        return b.getOrCreate();
    }

    /** The fleet jar this class was loaded from, or null when it runs from classes (tests). */
    static Path ownJar() {
        try {
            Path p = Path.of(FleetSession.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (Exception e) {
            return null;
        }
    }
}
