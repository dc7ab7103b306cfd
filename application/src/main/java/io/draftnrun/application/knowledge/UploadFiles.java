package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.application.knowledge.port.IngestionQueue;
import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.knowledge.TaskFile;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Uploads files into a files source (writer right) and starts their ingestion: each file is stored under
 * {@code <org>/<source>/<file id>/<name>}, then the task row is written (pending), then its job is queued. If queuing
 * fails the task stays pending and the worker's sweeper queues it later, so an accepted upload is never lost.
 *
 * <p>A file's id is derived from the source and the file name: uploading a file again replaces its chunks instead of
 * adding new ones.
 */
public final class UploadFiles {
    private static final System.Logger LOG = System.getLogger(UploadFiles.class.getName());
    public static final int MAX_FILES = 100;

    private final SourceRepository sources;
    private final BlobStore blobs;
    private final IngestionTaskRepository tasks;
    private final IngestionQueue queue;
    private final IngestionUpdates updates;
    private final Clock clock;

    public UploadFiles(
            SourceRepository sources,
            BlobStore blobs,
            IngestionTaskRepository tasks,
            IngestionQueue queue,
            IngestionUpdates updates,
            Clock clock) {
        this.sources = sources;
        this.blobs = blobs;
        this.tasks = tasks;
        this.queue = queue;
        this.updates = updates;
        this.clock = clock;
    }

    /** One uploaded file: the name the client gave, its content type, its bytes. */
    public record FileUpload(String name, String contentType, byte[] content) {
        public FileUpload {
            Objects.requireNonNull(content, "content");
        }
    }

    public record Command(SourceId source, List<FileUpload> files) {}

    public IngestionTask handle(Actor actor, Command command) {
        Source source = KnowledgeAccess.source(sources, actor, command.source(), Right.WRITER);
        if (source.type() != SourceType.FILES) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "source '" + source.name() + "' reads a database; files cannot be uploaded to it");
        }
        if (command.files().isEmpty()) {
            throw DomainException.validation("upload at least one file");
        }
        if (command.files().size() > MAX_FILES) {
            throw DomainException.validation("upload at most " + MAX_FILES + " files at once");
        }
        Set<String> names = new HashSet<>();
        List<TaskFile> files = new ArrayList<>();
        for (FileUpload upload : command.files()) {
            String name = fileName(upload.name());
            if (!names.add(name)) {
                throw DomainException.validation("two files are named '" + name + "'");
            }
            String fileId = fileId(source.id(), name);
            BlobKey key = BlobKey.of(folderOf(source) + "/" + fileId).child(name);
            files.add(new TaskFile(fileId, name, upload.contentType(), upload.content().length, key.value()));
        }
        for (int i = 0; i < files.size(); i++) {
            TaskFile file = files.get(i);
            blobs.put(BlobKey.of(file.blobKey()), command.files().get(i).content(), file.contentType());
        }
        IngestionTask task = IngestionTask.pending(
                IngestionTaskId.random(), source.organizationId(), source.id(), source.name(), files, clock.instant());
        return start(task, tasks, queue, updates);
    }

    /**
     * Writes a pending task, announces it, then queues its job. If queuing fails the task stays pending and the worker's sweeper
     * queues it later, so an accepted task is never lost.
     */
    static IngestionTask start(
            IngestionTask task, IngestionTaskRepository tasks, IngestionQueue queue, IngestionUpdates updates) {
        tasks.create(task);
        // announced before it is queued, so watchers learn of the task before a worker moves it on
        updates.publish(task.organizationId(), task.id());
        try {
            queue.enqueue(new IngestionJob(task.id(), task.organizationId()));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "task {0} could not be queued ({1}); the sweeper will queue it",
                    task.id(),
                    e.getMessage());
        }
        return task;
    }

    /** The folder of a source's files in the blob store. */
    static String folderOf(Source source) {
        return source.organizationId() + "/" + source.id();
    }

    /** The id of a file of a source: stable for a file name, so re-uploads replace. */
    public static String fileId(SourceId source, String name) {
        return UUID.nameUUIDFromBytes((source + "/" + name).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The last path segment of what the client sent, without control characters. */
    static String fileName(String given) {
        String name = given == null ? "" : given.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1)
                .replaceAll("\\p{Cntrl}", "")
                .strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw DomainException.validation("every uploaded file needs a file name");
        }
        if (name.length() > 200) {
            throw DomainException.validation("file name longer than 200 characters: " + name.substring(0, 40) + "...");
        }
        return name;
    }
}
