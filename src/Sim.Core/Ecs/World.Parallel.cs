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
    private Exception?[] _chunkFailures = [];
    private bool _runningChunks;

    /// <summary>
    /// Runs <paramref name="job"/> over the matching chunks on up to <see cref="WorkerThreads"/> threads, then plays
    /// back each chunk's command buffer in chunk order. The partition into chunks is fixed
    /// (<see cref="ChunkRows"/> rows), each chunk gets its own copy of the job, and playback order is the chunk
    /// order, so the resulting world never depends on the number of threads.
    /// </summary>
    /// <exception cref="ChunkJobException">A chunk job threw (the lowest-numbered failing chunk is reported, whatever
    /// the thread count), or a chunk's commands failed to play back; no later chunk's commands are played back.</exception>
    /// <exception cref="StructuralChangeException">Called while another query iterates this world: the chunk commands
    /// could not be played back.</exception>
    public void ParallelQuery<TJob>(QueryDescription description, in TJob job) where TJob : struct, IChunkJob
    {
        if (IsIterating)
        {
            throw new StructuralChangeException(
                $"ParallelQuery over {description} was called while another query iterates this world; it plays back structural changes, so run it after that query.");
        }

        int chunks = RunChunks(Query(description), new ChunkJobAction<TJob>(job), withCommands: true);
        for (int i = 0; i < chunks; i++)
        {
            try
            {
                _chunkCommandBuffers[i].Playback(this);
            }
            catch (CommandPlaybackException e)
            {
                throw new ChunkJobException(_parallelChunks[i], description, "its commands failed to play back", e);
            }
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

        if (_chunkFailures.Length < count)
        {
            _chunkFailures = new Exception?[count];
        }

        Exception?[] failures = _chunkFailures;
        Array.Clear(failures);
        List<Chunk> chunks = _parallelChunks;
        List<CommandBuffer> buffers = _chunkCommandBuffers;
        long token = BeginIteration();
        try
        {
            if (WorkerThreads == 1 || count <= 1)
            {
                for (int i = 0; i < count && !Run(i); i++)
                {
                }
            }
            else
            {
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = WorkerThreads }, i => Run(i));
            }
        }
        finally
        {
            EndIteration(token);
        }

        // The lowest-numbered failure is the one a sequential run meets first: report it whatever the thread count.
        for (int i = 0; i < count; i++)
        {
            if (failures[i] is { } failure)
            {
                throw new ChunkJobException(chunks[i], query.Description, "its job threw", failure);
            }
        }

        return count;

        bool Run(int i)
        {
            try
            {
                action.Execute(chunks[i], withCommands ? buffers[i] : null);
                return false;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures[i] = e;
                return true;
            }
        }
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

/// <summary>A chunk of a parallel query failed: its job threw or its commands could not be played back.</summary>
public sealed class ChunkJobException : Exception
{
    internal ChunkJobException(Chunk chunk, QueryDescription query, string what, Exception inner)
        : base($"Chunk #{chunk.Index} (archetype {chunk.Archetype.Types}, rows {chunk.Start}–{chunk.Start + chunk.Count - 1}) of the parallel query {query}: {what}: {inner.Message}", inner)
    {
        ChunkIndex = chunk.Index;
    }

    /// <summary>The failing chunk's index in iteration order.</summary>
    public int ChunkIndex { get; }
}
