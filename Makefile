# Draft'n run (Java). `make run` starts everything on embedded defaults; `make test` runs the whole suite.
# Both find a JDK >= 21 themselves (scripts/find-jdk.sh) and use the Maven wrapper.

SHELL := /bin/bash
JAVA_HOME := $(shell scripts/find-jdk.sh)
ifeq ($(JAVA_HOME),)
$(error no JDK 21 or newer found: install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME)
endif
export JAVA_HOME
JAVA := $(JAVA_HOME)/bin/java
# JVM flags of every server command and of the benchmark (heap small when idle, returned after load: docs/adr/0010)
JVM_FLAGS := $(shell cat scripts/jvm.flags)
# the standalone ingestion worker: throughput first (embedding on every core), Serial GC (measured 0.86-0.87 of raw
# embedding throughput vs 0.79-0.84 with the server's G1 flags)
WORKER_JVM_FLAGS := $(shell cat scripts/jvm-worker.flags)
# glibc keeps up to 8 malloc arenas per core that never shrink; two are plenty for a JVM (its heap is not malloc'd)
export MALLOC_ARENA_MAX := 2
MVN := ./mvnw -B -ntp
JAR := bootstrap/target/draftnrun.jar
SOURCES := $(shell find domain application adapters-in adapters-out bootstrap migrations -path '*/target' -prune -o -type f \( -name '*.java' -o -name '*.graphqls' -o -name '*.sql' -o -name '*.html' -o -name '*.xml' -o -name '*.json' \) -print 2>/dev/null) pom.xml

.PHONY: run test test-services image build format bench db-upgrade db-seed trace-db-upgrade run-draftnrun-agents-backend run-ingestion-worker clean

## run: everything in one process on embedded PostgreSQL and Redis (data under ./data); prints the URLs
run: $(JAR)
	@$(JAVA) $(JVM_FLAGS) -jar $(JAR) dev

## test: the whole suite (unit, integration, end to end), formatting and dependency checks
test:
	$(MVN) verify

## test-services: the suite for a machine with real services (PostgreSQL at 127.0.0.1:5432, MariaDB at
## 127.0.0.1:3306, Redis at 127.0.0.1:6379): every test tagged real-services; each makes and drops its own databases
test-services:
	$(MVN) verify -Dgroups=real-services -Dtest.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
		-Dspotless.check.skip=true

## image: the OCI image tarball bootstrap/target/draftnrun-image.tar (serve, worker, migrate), built by Jib without a
## Docker daemon or a registry: base `scratch` + a jlink'd runtime and Debian's libraries (scripts/image-base.sh), then
## checked (ImageTarballIT). With a registry: make image IMAGE_BASE=eclipse-temurin:25-jre IMAGE_JAVA=/opt/java/openjdk/bin/java
IMAGE_BASE ?= scratch
IMAGE_JAVA ?= /opt/java/bin/java
image:
	@if [ "$(IMAGE_BASE)" = scratch ]; then scripts/image-base.sh bootstrap/target/image-base; \
	 else rm -rf bootstrap/target/image-base && mkdir -p bootstrap/target/image-base; fi
	$(MVN) verify -pl bootstrap -am -Pimage -Dimage.base=$(IMAGE_BASE) -Dimage.java=$(IMAGE_JAVA) \
		-Dgroups=image -Dtest.excludedGroups=none -Dtest=NONE -Dit.test=ImageTarballIT \
		-Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true
	@echo "image: bootstrap/target/draftnrun-image.tar (docker load -i it, or skopeo copy oci-archive:it docker://...)"

build: $(JAR)

$(JAR): $(SOURCES)
	@echo "building (first time: downloads dependencies)..."
	@$(MVN) -q package -DskipTests -Dspotless.check.skip=true
	@touch $(JAR)

format:
	$(MVN) -q spotless:apply

## the reference system's targets, same names
db-upgrade: $(JAR)
	@$(JAVA) $(JVM_FLAGS) -jar $(JAR) migrate backend ingestion

db-seed: $(JAR)
	@$(JAVA) $(JVM_FLAGS) -jar $(JAR) seed

trace-db-upgrade: $(JAR)
	@$(JAVA) $(JVM_FLAGS) -jar $(JAR) migrate traces

run-draftnrun-agents-backend: $(JAR)
	@$(JAVA) $(JVM_FLAGS) -jar $(JAR) serve

run-ingestion-worker: $(JAR)
	@$(JAVA) $(WORKER_JVM_FLAGS) -jar $(JAR) worker

bench: $(JAR)
	@scripts/bench.sh

clean:
	$(MVN) -q clean
