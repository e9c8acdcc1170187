package io.captionflow.job.enhance;

import java.util.function.Supplier;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where enhancement jobs run: a fresh environment per job, and how progress names the place. */
public interface EnhancementTarget {

  /** Under {@code flink run}: the environment the Flink client provides. */
  EnhancementTarget IN_CLUSTER =
      new EnhancementTarget() {
        @Override
        public Supplier<StreamExecutionEnvironment> environments() {
          return StreamExecutionEnvironment::getExecutionEnvironment;
        }

        @Override
        public String where() {
          return "the Flink cluster flink run submits to";
        }
      };

  Supplier<StreamExecutionEnvironment> environments();

  String where();
}
