package io.draftnrun.application.project;

import io.draftnrun.application.project.port.ProjectRepository;

class InMemoryProjectRepositoryTest extends ProjectRepositoryContract {
    private final InMemoryProjectRepository repository = new InMemoryProjectRepository();

    @Override
    protected ProjectRepository repository() {
        return repository;
    }
}
