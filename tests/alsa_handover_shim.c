/* A test instrument, preloaded into a process that plays sound (LD_PRELOAD): it logs every
 * hand-over of samples to ALSA - when it began and ended on the monotonic clock (the clock
 * Python's time.monotonic reads), how many frames, how many of them were not silent, and how
 * many frames the device's queue holds - so a test can see exactly what reached the device
 * after a stop. It counts 16-bit mono samples, which is what the test plays. */
#define _GNU_SOURCE
#include <alsa/asoundlib.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

snd_pcm_sframes_t snd_pcm_writei(snd_pcm_t *pcm, const void *buffer, snd_pcm_uframes_t size) {
    static snd_pcm_sframes_t (*real)(snd_pcm_t *, const void *, snd_pcm_uframes_t);
    static FILE *log;
    if (!real) real = (snd_pcm_sframes_t (*)(snd_pcm_t *, const void *, snd_pcm_uframes_t))dlsym(RTLD_NEXT, "snd_pcm_writei");
    if (!log) {
        log = fopen(getenv("HANDOVER_LOG"), "w");
        setvbuf(log, NULL, _IOLBF, 0);
    }
    struct timespec began, ended;
    clock_gettime(CLOCK_MONOTONIC, &began);
    snd_pcm_uframes_t queue = 0, period = 0;
    snd_pcm_get_params(pcm, &queue, &period);
    const short *samples = buffer;
    unsigned long loud = 0;
    for (snd_pcm_uframes_t i = 0; i < size; i++) loud += samples[i] != 0;
    snd_pcm_sframes_t written = real(pcm, buffer, size);
    clock_gettime(CLOCK_MONOTONIC, &ended);
    fprintf(log, "%ld.%09ld %ld.%09ld %lu %lu %lu\n", (long)began.tv_sec, began.tv_nsec,
            (long)ended.tv_sec, ended.tv_nsec, (unsigned long)size, loud, (unsigned long)queue);
    return written;
}
