# RewardStream: the `rewardstream` command in a container, running `run` against the Kafka and
# Schema Registry named by REWARDSTREAM_* environment variables (see docker-compose.yml).
#
#   docker build -t rewardstream .
#   docker run -e REWARDSTREAM_BOOTSTRAP_SERVERS=... -e REWARDSTREAM_SCHEMA_REGISTRY_URL=... rewardstream

# ---- build: the app jar and its runtime dependencies (tests run in CI, not here) ------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
COPY serde serde
COPY embedded embedded
COPY scorer scorer
COPY topology topology
COPY app app
COPY config config
RUN mvn -B -q -pl app -am -DskipTests -Dspotless.check.skip=true package

# ---- run -------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
WORKDIR /opt/rewardstream
# curl for the health check: newer Temurin JRE images no longer ship it.
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system rewardstream && useradd --system --gid rewardstream rewardstream \
    && mkdir -p /var/lib/rewardstream && chown rewardstream:rewardstream /var/lib/rewardstream
COPY --from=build /src/app/target/lib app/lib
COPY --from=build /src/app/target/rewardstream-app.jar app/rewardstream-app.jar
COPY config config
COPY models/demo-prm models/demo-prm

# Every setting can also come from the environment: REWARDSTREAM_SCORER_DEVICE -> scorer.device.
ENV REWARDSTREAM_SCORER_MODEL_DIR=/opt/rewardstream/models/demo-prm \
    REWARDSTREAM_STATE_DIR=/var/lib/rewardstream \
    REWARDSTREAM_HTTP_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"

USER rewardstream
EXPOSE 8080
VOLUME /var/lib/rewardstream
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
    CMD curl -fsS http://localhost:8080/ready || exit 1

# exec: Java is PID 1 and gets SIGTERM itself, so `docker stop` shuts Kafka Streams down gracefully.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Drewardstream.home=/opt/rewardstream -jar app/rewardstream-app.jar \"$@\"", "rewardstream"]
CMD ["run", "--config", "config/rewardstream.properties"]
