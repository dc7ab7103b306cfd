package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The files self-hosters use with Docker (no Docker engine on our machines): their syntax and the settings the README
 * promises.
 */
class ServiceFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeFileDeclaresTheServicesWithTheirProtections() throws Exception {
        JsonNode compose =
                YAML.readTree(ROOT.resolve("services/docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        assertThat(services.fieldNames())
                .toIterable()
                .contains("postgres", "redis", "qdrant", "seaweedfs", "prometheus");
        assertThat(services.at("/postgres/image").asText()).isEqualTo("postgres:16");
        assertThat(services.at("/postgres/volumes").toString()).contains("init-databases.sql");
        assertThat(services.at("/redis/command").toString()).contains("--requirepass", "--appendonly", "yes");
        assertThat(services.at("/qdrant/environment/QDRANT__SERVICE__API_KEY").asText())
                .isNotBlank();
        assertThat(services.at("/seaweedfs/volumes").toString()).contains("config/seaweedfs/s3_config.json");
        assertThat(Files.readString(ROOT.resolve("services/postgres/init-databases.sql")))
                .contains("CREATE DATABASE ada_ingestion", "CREATE DATABASE ada_traces");
        JsonNode prometheus =
                YAML.readTree(ROOT.resolve("services/prometheus/prometheus.yml").toFile());
        assertThat(prometheus.at("/scrape_configs/0/metrics_path").asText()).isEqualTo("/metrics");
        new ObjectMapper()
                .readTree(
                        ROOT.resolve("config/seaweedfs/s3_config.json.example").toFile());
    }

    @Test
    void everyVariableOfTheReadmeTableIsInTheExampleFile() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String example = Files.readString(ROOT.resolve("credentials.env.example"));
        String table = readme.substring(readme.indexOf("| Variable |"), readme.indexOf("`custom_models.json`"));
        String firstColumn = table.lines()
                .filter(line -> line.startsWith("| `"))
                .map(line -> line.split("\\|")[1])
                .reduce("", (a, b) -> a + " " + b);
        Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(firstColumn);
        int count = 0;
        while (m.find()) {
            count++;
            assertThat(example)
                    .as("credentials.env.example documents " + m.group(1))
                    .containsPattern("(?m)^#? ?" + m.group(1) + "=");
        }
        assertThat(count).isGreaterThan(20);
    }
}
