// Upload with a progress bar. Without JavaScript the form posts normally; with it, the file
// goes by XMLHttpRequest so we can show progress, and the server answers with where to go.

const form = document.getElementById("upload-form");
const box = document.getElementById("upload-progress");
const bar = document.getElementById("upload-progress-bar");
const label = document.getElementById("upload-progress-text");

function megabytes(bytes) {
  return (bytes / (1024 * 1024)).toFixed(1);
}

if (form && window.FormData && window.XMLHttpRequest) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.responseType = "json";
    box.hidden = false;
    button.disabled = true;
    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.round((progress.loaded / progress.total) * 100);
      bar.value = percent;
      label.textContent = `${percent}% uploaded (${megabytes(progress.loaded)} of ${megabytes(progress.total)} MB)`;
    });
    request.upload.addEventListener("load", () => {
      label.textContent = "Uploaded. Checking the D-TRO…";
    });
    request.addEventListener("load", () => {
      const target = request.response && request.response.redirect;
      if (target) {
        window.location.assign(target);
      } else {
        label.textContent = "The upload failed. Try again.";
        button.disabled = false;
      }
    });
    request.addEventListener("error", () => {
      label.textContent = "The upload failed because the connection was lost. Try again.";
      button.disabled = false;
    });
    request.send(new FormData(form));
  });
}
