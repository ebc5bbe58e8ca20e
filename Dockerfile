# The platform as an image: built from the repository, run on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY job-platform-core/pom.xml job-platform-core/
COPY job-platform-test/pom.xml job-platform-test/
COPY job-types/pom.xml job-types/
COPY dashboard/pom.xml dashboard/
COPY platform-app/pom.xml platform-app/
COPY benchmarks/pom.xml benchmarks/
COPY examples/pom.xml examples/
RUN ./mvnw -B -ntp -q -pl platform-app -am dependency:go-offline
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests -pl platform-app -am package

FROM eclipse-temurin:17-jre
WORKDIR /app
RUN useradd --system --home /app jobs && mkdir -p /app/results && chown jobs /app/results
COPY --from=build /src/platform-app/target/platform-app-*.jar /app/platform-app.jar
USER jobs
ENV JOBS_RESULTS_DIRECTORY=/app/results
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/platform-app.jar"]
