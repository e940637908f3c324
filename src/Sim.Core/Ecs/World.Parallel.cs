namespace Sim.Core.Ecs;

/// <summary>A struct job run once per chunk by <see cref="World.ParallelQuery{TJob}(QueryDescription, in TJob)"/>.</summary>
public interface IChunkJob
{
    /// <summary>Processes one chunk. Structural changes go to <paramref name="commands"/>, this chunk's own buffer,
    /// which is played back after all chunks, in chunk order.</summary>
    void Execute(in Chunk chunk, CommandBuffer commands);
}

internal interface IChunkAction
{
    void Execute(in Chunk chunk, CommandBuffer? commands);
}

public sealed partial class World
{
    private readonly List<Chunk> _parallelChunks = [];
    private readonly List<CommandBuffer> _chunkCommandBuffers = [];
    private bool _runningChunks;

    /// <summary>
    /// Runs <paramref name="job"/> over the matching chunks on up to <see cref="WorkerThreads"/> threads, then plays
    /// back each chunk's command buffer in chunk order. The partition into chunks is fixed
    /// (<see cref="ChunkRows"/> rows), each chunk gets its own copy of the job, and playback order is the chunk
    /// order, so the resulting world never depends on the number of threads.
    /// </summary>
    /// <exception cref="AggregateException">A chunk job threw; no command buffer has been played back.</exception>
    public void ParallelQuery<TJob>(QueryDescription description, in TJob job) where TJob : struct, IChunkJob
    {
        int chunks = RunChunks(Query(description), new ChunkJobAction<TJob>(job), withCommands: true);
        for (int i = 0; i < chunks; i++)
        {
            _chunkCommandBuffers[i].Playback(this);
        }
    }

    /// <summary>Runs an action per chunk, in parallel when allowed; returns the number of chunks.</summary>
    private int RunChunks<TAction>(Query query, TAction action, bool withCommands = false) where TAction : struct, IChunkAction
    {
        if (_runningChunks)
        {
            throw new InvalidOperationException(
                $"A parallel query over {query.Description} was started from inside another parallel query of the same world; run it after the outer one, or iterate its chunks sequentially.");
        }

        _runningChunks = true;
        try
        {
            return RunChunksCore(query, action, withCommands);
        }
        finally
        {
            _runningChunks = false;
        }
    }

    private int RunChunksCore<TAction>(Query query, TAction action, bool withCommands) where TAction : struct, IChunkAction
    {
        query.CollectChunks(_parallelChunks);
        int count = _parallelChunks.Count;
        if (withCommands)
        {
            while (_chunkCommandBuffers.Count < count)
            {
                _chunkCommandBuffers.Add(new CommandBuffer());
            }

            for (int i = 0; i < count; i++)
            {
                _chunkCommandBuffers[i].Clear();
            }
        }

        BeginIteration();
        try
        {
            if (WorkerThreads == 1 || count <= 1)
            {
                for (int i = 0; i < count; i++)
                {
                    action.Execute(_parallelChunks[i], withCommands ? _chunkCommandBuffers[i] : null);
                }
            }
            else
            {
                List<Chunk> chunks = _parallelChunks;
                List<CommandBuffer> buffers = _chunkCommandBuffers;
                Parallel.For(
                    0,
                    count,
                    new ParallelOptions { MaxDegreeOfParallelism = WorkerThreads },
                    i => action.Execute(chunks[i], withCommands ? buffers[i] : null));
            }
        }
        finally
        {
            EndIteration();
        }

        return count;
    }

    private readonly struct ChunkJobAction<TJob>(TJob job) : IChunkAction where TJob : struct, IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer? commands)
        {
            TJob local = job;
            local.Execute(chunk, commands!);
        }
    }
}
