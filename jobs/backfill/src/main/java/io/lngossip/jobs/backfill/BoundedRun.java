package io.lngossip.jobs.backfill;

import io.lngossip.codec.GossipObservation;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.jobs.graphstate.ClassifyFunction;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.jobs.graphstate.GraphStatePipeline;
import io.lngossip.jobs.graphstate.GraphStateSinks;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the streaming job's pipeline in backfill mode over a bounded source, on a local MiniCluster, reporting
 * the observations judged as it goes (the classify step's accumulator, which travels with the task heartbeats). An
 * interrupted run cancels its job before it returns.
 */
final class BoundedRun {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedRun.class);
    private static final long POLL_MS = 500;

    private BoundedRun() {}

    /** Runs to the end of {@code source}; returns the observations judged. */
    static long run(String name, Source<GossipObservation, ?, ?> source, JdbcOptions jdbc, GraphStateOptions options,
            long expected, BackfillProgress progress) throws Exception {
        Configuration conf = new Configuration();
        // accumulators reach the client with the heartbeats: once a second keeps the progress bar moving
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        GraphStatePipeline.build(env.fromSource(source, WatermarkStrategy.noWatermarks(), name), null,
                GraphStateSinks.jdbc(jdbc), options.withBackfill(true), System::currentTimeMillis);
        JobClient job = env.executeAsync("lngossip-" + name);
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        progress.start("processing", expected, BackfillProgress.Unit.MESSAGES);
        try {
            while (true) {
                try {
                    JobExecutionResult done = result.get(POLL_MS, TimeUnit.MILLISECONDS);
                    Long judged = done.getAccumulatorResult(ClassifyFunction.OBSERVATIONS_ACCUMULATOR);
                    long n = judged == null ? 0 : judged;
                    progress.update(n, n);
                    return n;
                } catch (TimeoutException e) {
                    long n = judged(job);
                    if (n >= 0) {
                        progress.update(n, n);
                    }
                }
            }
        } catch (InterruptedException e) {
            LOG.info("{} interrupted: cancelling its job", name);
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException cancel) {
                LOG.warn("{}: the job did not confirm its cancellation: {}", name, cancel.toString());
            }
            throw e;
        } finally {
            progress.finish();
        }
    }

    private static long judged(JobClient job) throws InterruptedException {
        try {
            Map<String, Object> acc = job.getAccumulators().get(5, TimeUnit.SECONDS);
            Object n = acc.get(ClassifyFunction.OBSERVATIONS_ACCUMULATOR);
            return n instanceof Number v ? v.longValue() : -1;
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            // finishing (a local cluster shuts down with its job), or not yet running: the next poll tells
            return -1;
        }
    }
}
