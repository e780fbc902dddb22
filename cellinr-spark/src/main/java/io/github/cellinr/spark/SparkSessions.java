package io.github.cellinr.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaSparkContext;

/** Starts the job's Spark context: on the master spark-submit chose, else the one given, else all local cores. */
final class SparkSessions {
    private SparkSessions() {
    }

    static JavaSparkContext open(String appName, String master) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false"); // a laptop run needs no web UI (nor its port)
        }
        JavaSparkContext context = new QuietlyClosing(conf);
        context.setLogLevel("WARN");
        return context;
    }

    /** How long closing waits for the tasks of a failed job to end. */
    static final long TASK_END_WAIT_MILLIS = 120_000;

    /**
     * A context that, when closed, first waits for running tasks to end. When a job fails, Spark cancels its other
     * tasks, but a task busy computing does not stop at once: it may still publish its sequence after the job has
     * returned. A run started right after (the documented way to complete a killed job) would then meet that
     * late write. Waiting here makes a returned job a finished one.
     */
    private static final class QuietlyClosing extends JavaSparkContext {
        QuietlyClosing(SparkConf conf) {
            super(conf);
        }

        @Override
        public void close() {
            long deadline = System.currentTimeMillis() + TASK_END_WAIT_MILLIS;
            try {
                while (runningTasks() > 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.close();
        }

        private int runningTasks() {
            int running = 0;
            for (SparkExecutorInfo e : sc().statusTracker().getExecutorInfos()) {
                running += e.numRunningTasks();
            }
            return running;
        }
    }
}
