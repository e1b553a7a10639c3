package io.auditq.fleet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Spark standalone cluster: a Master and a Worker started as their own JVMs on 127.0.0.1 from the build's
 * Spark jars (target/lib), and auditq fleet run as a third JVM from the fleet jar with --master spark://…, which
 * ships the fleet jar to the executor: the same answer as local mode (run in this JVM) proves nothing depends on
 * living in one JVM.
 * Runs after package (failsafe), when the fleet jar exists.
 */
class ClusterIT {
    private static final Path LIB = Path.of("target/lib").toAbsolutePath();
    private static final Path JAR = Path.of("target/auditq-fleet.jar").toAbsolutePath();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final List<String> SPARK_JVM = Arrays.asList(System.getProperty("spark.java.options", "")
            .trim().split("\\s+"));

    @TempDir
    Path tmp;

    @Test
    void aStandaloneClusterGivesTheSameAnswerAsLocalMode() throws Exception {
        assumeTrue(Files.isDirectory(LIB) && Files.isRegularFile(JAR), "target/lib or the fleet jar is missing");
        assumeTrue(Files.isDirectory(SampleFleet.SAMPLE), "samples/incident-1 not found");
        Path root = SampleFleet.make(tmp.resolve("fleet"));
        // SPARK_HOME needs jars/ (the worker builds the executor's class path from it)
        Path home = Files.createDirectories(tmp.resolve("spark-home"));
        Files.createSymbolicLink(home.resolve("jars"), LIB);
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_LOCAL_DIRS", Files.createDirectories(tmp.resolve("scratch"))
                        .toString());
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        List<Process> started = new ArrayList<>();
        try {
            started.add(java(env, tmp.resolve("master.log"), List.of("-Xmx256m", "-cp", LIB + "/*",
                    "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
                    "--webui-port", "0")));
            waitFor(() -> listening(port), Duration.ofSeconds(120), tmp.resolve("master.log"));
            started.add(java(env, tmp.resolve("worker.log"), List.of("-Xmx256m", "-cp", LIB + "/*",
                    "org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "1g", "--webui-port", "0", "--work-dir", tmp.resolve("work").toString())));
            waitFor(() -> Files.readString(tmp.resolve("master.log")).contains("Registering worker"),
                    Duration.ofSeconds(120), tmp.resolve("worker.log"));

            // connections: every host's rows (names from its passwd, argv, sources) and a fleet-wide count (a
            // shuffle between executors); one question, as each costs a JVM, an application and an executor
            for (List<String> question : List.of(List.of("connections", root.toString(), "--format", "csv",
                    "--protocol", "any", "--include-loopback"))) {
                String onCluster = fleet(env, question, master, tmp.resolve("cluster.log"));
                List<String> local = new ArrayList<>(question);
                local.addAll(List.of("--master", "local[2]"));
                SampleFleet.Run inThisJvm = SampleFleet.fleet(local.toArray(String[]::new));
                assertThat(onCluster).as(Files.readString(tmp.resolve("cluster.log"))).isEqualTo(inThisJvm.out())
                        .contains("203.0.113.66");
            }
            // the executor ran in the worker's JVM tree, from the shipped fleet jar
            assertThat(Files.walk(tmp.resolve("work")).anyMatch(p -> p.getFileName().toString()
                    .equals("auditq-fleet.jar"))).isTrue();
        } finally {
            for (Process p : started.reversed()) {
                p.destroy();
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static String fleet(Map<String, String> env, List<String> question, String master, Path log)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("-Xmx1g", "-cp", JAR + ":" + LIB + "/*",
                "io.auditq.fleet.FleetMain"));
        args.addAll(question);
        args.addAll(List.of("--master", master));
        Path out = log.resolveSibling(log.getFileName() + ".out");
        Process p = java(env, log, args, out);
        if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("auditq fleet did not end within 300 s: " + Files.readString(log));
        }
        assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(3); // the sample fleet's two broken hosts
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Process java(Map<String, String> env, Path log, List<String> args) throws IOException {
        return java(env, log, args, log);
    }

    private static Process java(Map<String, String> env, Path log, List<String> args, Path out) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.addAll(SPARK_JVM);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectError(log.toFile());
        pb.redirectOutput(out.toFile());
        if (out.equals(log)) {
            pb.redirectErrorStream(true);
        }
        return pb.start();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, Duration max, Path log) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not ready after " + max + ": " + Files.readString(log));
            }
            Thread.sleep(250);
        }
    }

    private static boolean listening(int port) {
        try (Socket _ = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
