//===- ThreadPoolTest.cpp - the runtime's pthreads edgecc_parallel --------===//

#include "edgecc_thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace {

/// Counts the calls of each task index, and remembers which thread ran it.
struct Tally {
  std::vector<std::atomic<int>> calls;
  std::vector<pthread_t> ranOn;
  explicit Tally(int32_t count) : calls(count), ranOn(count) {}
};

void countTask(void *args, int32_t task) {
  auto *tally = static_cast<Tally *>(args);
  tally->calls[task].fetch_add(1);
  tally->ranOn[task] = pthread_self();
}

void expectEachTaskOnce(const Tally &tally) {
  for (size_t i = 0; i < tally.calls.size(); ++i)
    EXPECT_EQ(tally.calls[i].load(), 1) << "task " << i;
}

class ThreadPoolTest : public ::testing::Test {
protected:
  void TearDown() override {
    if (started)
      edgecc_thread_pool_stop(&pool);
  }
  void start(int32_t threads) {
    ASSERT_EQ(edgecc_thread_pool_start(&pool, threads), EDGECC_OK);
    started = true;
  }
  edgecc_thread_pool pool{};
  bool started = false;
};

TEST_F(ThreadPoolTest, RunsEveryTaskExactlyOnceForAnyCount) {
  for (int32_t threads : {1, 2, 3, 8}) {
    start(threads);
    for (int32_t count : {0, 1, 2, 3, 5, 8, 64})
      for (int repeat = 0; repeat < 50; ++repeat) {
        Tally tally(count);
        edgecc_parallel_for(&pool.parallel, countTask, &tally, count);
        expectEachTaskOnce(tally);
      }
    edgecc_thread_pool_stop(&pool);
    started = false;
  }
}

TEST_F(ThreadPoolTest, DealsTasksRoundRobinAcrossThreads) {
  start(2);
  Tally tally(4);
  edgecc_parallel_for(&pool.parallel, countTask, &tally, 4);
  expectEachTaskOnce(tally);
  EXPECT_TRUE(pthread_equal(tally.ranOn[0], pthread_self()));
  EXPECT_TRUE(pthread_equal(tally.ranOn[2], pthread_self()));
  EXPECT_FALSE(pthread_equal(tally.ranOn[1], pthread_self()));
  EXPECT_TRUE(pthread_equal(tally.ranOn[1], tally.ranOn[3]));
}

TEST_F(ThreadPoolTest, WakesWorkersThatFellAsleep) {
  start(3);
  for (int round = 0; round < 3; ++round) {
    // Long enough for the workers to stop spinning and sleep.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Tally tally(3);
    edgecc_parallel_for(&pool.parallel, countTask, &tally, 3);
    expectEachTaskOnce(tally);
  }
}

TEST_F(ThreadPoolTest, ConcurrentCallersTakeTurns) {
  start(2);
  auto caller = [&] {
    for (int repeat = 0; repeat < 500; ++repeat) {
      Tally tally(5);
      edgecc_parallel_for(&pool.parallel, countTask, &tally, 5);
      expectEachTaskOnce(tally);
    }
  };
  std::thread first(caller), second(caller);
  first.join();
  second.join();
}

TEST_F(ThreadPoolTest, RejectsThreadCountsOutOfRange) {
  EXPECT_EQ(edgecc_thread_pool_start(&pool, 0), EDGECC_ERROR_THREADS);
  EXPECT_EQ(edgecc_thread_pool_start(&pool, EDGECC_THREAD_POOL_MAX_THREADS + 1),
            EDGECC_ERROR_THREADS);
  EXPECT_EQ(edgecc_thread_pool_start(nullptr, 2), EDGECC_ERROR_THREADS);
  // A pool that did not start runs tasks inline, and stopping it does
  // nothing.
  Tally tally(2);
  edgecc_parallel_for(&pool.parallel, countTask, &tally, 2);
  expectEachTaskOnce(tally);
  edgecc_thread_pool_stop(&pool);
}

TEST_F(ThreadPoolTest, AStoppedPoolRunsTasksInline) {
  start(4);
  edgecc_thread_pool_stop(&pool);
  started = false;
  edgecc_thread_pool_stop(&pool); // a second stop does nothing
  Tally tally(4);
  edgecc_parallel_for(&pool.parallel, countTask, &tally, 4);
  expectEachTaskOnce(tally);
  for (pthread_t thread : tally.ranOn)
    EXPECT_TRUE(pthread_equal(thread, pthread_self()));
}

TEST(Parallel, NoSchedulerRunsTasksInOrderInline) {
  Tally tally(3);
  edgecc_parallel_for(nullptr, countTask, &tally, 3);
  expectEachTaskOnce(tally);
}

} // namespace
