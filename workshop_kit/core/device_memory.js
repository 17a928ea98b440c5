// Remembers one value per device in localStorage: the anonymous participant id of a session,
// so that reloading the page does not count the same person twice; between two people on a
// shared phone, only the page's device id ("device:<id>"). Nothing else is stored.
// An empty value forgets it.
function render({ model, el }) {
  const key = model.get("key");
  let stored = "";
  try {
    stored = window.localStorage.getItem(key) || "";
  } catch (error) {
    stored = ""; // private browsing or storage disabled: behave as a new device
  }
  model.set("loaded_value", stored);
  model.set("loaded", true);
  model.save_changes();
  const write = () => {
    try {
      const value = model.get("value");
      if (value) {
        window.localStorage.setItem(model.get("key"), value);
      } else {
        window.localStorage.removeItem(model.get("key")); // forgotten: the next person is new
      }
    } catch (error) {
      // storage refused: nothing to do, the page still works
    }
  };
  model.on("change:value", write);
  el.style.display = "none";
}
export default { render };
